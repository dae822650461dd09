package dev.aperture.ui;

import dev.aperture.alerts.Alert;
import dev.aperture.alerts.AlertStore;
import dev.aperture.auth.Principal;
import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.Integrations;
import dev.aperture.web.Requests;
import gg.jte.output.Utf8ByteOutput;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Renders pages inside the common frame (nav, alert badge) and fragments for htmx. */
final class Frame {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Frame.class);

    static final String FLASH = "aperture_flash";
    /** Longer than any message the pages flash, URL-encoded; browsers cap a cookie at 4 KB anyway. */
    private static final int MAX_FLASH = 4096;

    private final Templates templates;
    private final AlertStore alerts;
    private final Integrations integrations;
    private final java.util.function.Supplier<String> liveVersion;

    Frame(Templates templates, AlertStore alerts, Integrations integrations,
          java.util.function.Supplier<String> liveVersion) {
        this.templates = templates;
        this.liveVersion = liveVersion;
        this.alerts = alerts;
        this.integrations = integrations;
    }

    /** A whole page: {@code template} gets {@code page} plus {@code params}. */
    void page(Context ctx, String template, String title, String section, Map<String, Object> params) {
        // The version is read before the page's data, so a change in between makes the first poll refresh it.
        page(ctx, template, title, section, params, liveVersion.get());
    }

    /** A whole page whose {@code version} was computed from the very reads it shows. */
    void page(Context ctx, String template, String title, String section, Map<String, Object> params,
              String version) {
        Principal p = Requests.principal(ctx);
        String flash = ctx.cookie(FLASH);
        if (flash != null) {
            ctx.removeCookie(FLASH, "/");
        }
        Page page = new Page(title, section, p.username(), p.csrfToken(), alerts.totals(), flashMessage(flash), version);
        Map<String, Object> all = new HashMap<>(params);
        all.put("page", page);
        html(ctx, templates.renderOutput(template, all));
    }

    /** A fragment for htmx. */
    void fragment(Context ctx, String template, Map<String, Object> params) {
        html(ctx, templates.renderOutput(template, params));
    }

    /**
     * What {@code ctx.html} does, with the bytes as rendered instead of a String encoded again. A successful page is
     * written straight to the response: as a result it was first copied into one array, then through a 32 KB
     * buffer Javalin allocates per response (together ~28 % of an Integrations page view's allocation, JFR).
     * Jetty still sends a Content-Length, since the page fits its response buffer. Other statuses stay a result,
     * because the error mappers (WebServer) look for one before rendering their own page.
     */
    private static void html(Context ctx, Utf8ByteOutput page) {
        ctx.contentType(io.javalin.http.ContentType.TEXT_HTML);
        if (ctx.statusCode() >= 300) {
            ctx.result(page.toByteArray());
            return;
        }
        try {
            page.writeTo(ctx.outputStream());
        } catch (IOException e) {
            // The browser went away (closed the tab or the connection): there is no one left to answer, as
            // Javalin's own writing of a result does not report either.
            LOG.debug("page not sent: {}", e.toString());
        }
    }

    /** The header badge, for swapping out-of-band after something changed the totals. */
    String badge() {
        return templates.render("tag/badge.jte", Map.of("totals", alerts.totals(), "oob", true));
    }

    String render(String template, Map<String, Object> params) {
        return templates.render(template, params);
    }

    byte[] renderBytes(String template, Map<String, Object> params) {
        return templates.renderBytes(template, params);
    }

    /**
     * The flash cookie's message, or none when it is not one this server wrote: the browser sends back
     * whatever is in its cookie jar, and a broken cookie must not break every page (it is dropped above).
     */
    static String flashMessage(String cookie) {
        if (cookie == null || cookie.length() > MAX_FLASH) {
            return null;
        }
        try {
            return java.net.URLDecoder.decode(cookie, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A one-line message shown on the next page (after a redirect). */
    static void flash(Context ctx, String message) {
        ctx.cookie(FLASH, java.net.URLEncoder.encode(message, java.nio.charset.StandardCharsets.UTF_8), 60);
    }

    /** After a write: a redirect, or for htmx (which would follow it inside the page) an instruction to navigate. */
    static void go(Context ctx, String url) {
        if (ctx.header("HX-Request") != null) {
            ctx.header("HX-Redirect", url).status(200).result("");
        } else {
            ctx.redirect(url, io.javalin.http.HttpStatus.SEE_OTHER);
        }
    }

    List<AlertCard> cards(List<Alert> list) {
        return list.stream().map(this::card).toList();
    }

    AlertCard card(Alert a) {
        ServiceId service = ServiceId.parse(a.service()).orElse(null);
        String provider = service == null ? null : integrations.get(service).providerSettingsUrl().orElse(null);
        return new AlertCard(a, service == null ? a.service() : service.displayName(), provider);
    }
}
