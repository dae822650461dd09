package dev.aperture.web;

import io.javalin.http.Context;

/**
 * Headers on every answer, pages and API alike, that keep a browser from being turned against the admin.
 *
 * <p>The Content-Security-Policy allows scripts, styles, images and connections from this origin only, and
 * no inline script or style at all. What that asks of the pages: every script is a file under
 * {@code /static} or {@code /webjars} (no {@code <script>} bodies, {@code onclick=} or {@code hx-on}); no
 * {@code style=} attribute in a template (a style set from script through the CSSOM is not affected);
 * and htmx 2 is told by its {@code <meta name="htmx-config">} in the layout not to insert its indicator
 * {@code <style>} element ({@code includeIndicatorStyles: false}; the pages style {@code .htmx-request}
 * themselves) and never to evaluate code ({@code allowEval: false}, so no {@code js:} values or trigger
 * filters) nor run scripts in swapped-in HTML ({@code allowScriptTags: false}). Without
 * {@code 'unsafe-inline'} an injected {@code <script>} or {@code style=} in any text Aperture shows does
 * nothing even if escaping ever missed it.
 */
final class BrowserProtections {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private BrowserProtections() {}

    static void apply(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        // frame-ancestors for current browsers, X-Frame-Options for those that predate it.
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        if (!isStaticAsset(ctx.path())) {
            // Pages and API answers carry alerts, settings and tokens: no copy in the browser's or a proxy's
            // cache. Only the static files (the same for everyone) keep their caching.
            ctx.header("Cache-Control", "no-store");
        }
    }

    static boolean isStaticAsset(String path) {
        return path.startsWith("/static/") || path.startsWith("/webjars/");
    }
}
