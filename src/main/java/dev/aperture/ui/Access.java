package dev.aperture.ui;

import dev.aperture.auth.Accounts;
import dev.aperture.auth.AuthRoutes;
import dev.aperture.auth.LoginInput;
import dev.aperture.auth.Logins;
import dev.aperture.auth.Principal;
import dev.aperture.web.PageGroup;
import dev.aperture.web.Requests;
import dev.aperture.web.BadRequest;
import dev.aperture.web.WebServer;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who may see the pages: every page needs an admin's browser session, else it is a redirect to
 * the login page. Writes must carry the session's CSRF token, as a form field or (htmx) header.
 */
final class Access implements PageGroup {

    static final String CSRF_FIELD = "_csrf";

    private final Accounts accounts;
    private final Logins logins;
    private final Templates templates;

    Access(Logins logins, Templates templates) {
        this.accounts = logins.accounts();
        this.logins = logins;
        this.templates = templates;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.before(this::guard);
        routes.get("/login", ctx -> login(ctx, null, ""));
        routes.post("/login", this::logIn);
        routes.post("/logout", ctx -> {
            String cookie = ctx.cookie(WebServer.SESSION_COOKIE);
            if (cookie != null) {
                accounts.logout(cookie);
            }
            ctx.removeCookie(WebServer.SESSION_COOKIE, "/");
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
        });
    }

    private void guard(Context ctx) {
        String path = ctx.path();
        if (path.startsWith("/api") || path.equals("/metrics") || path.startsWith("/static/")
                || path.startsWith("/webjars/") || path.equals("/login") || path.equals("/favicon.ico")) {
            return;
        }
        // Logging out is for everyone signed in; every other page is for admins.
        boolean anyone = path.equals("/logout");
        Optional<Principal> principal = Optional.ofNullable(ctx.cookie(WebServer.SESSION_COOKIE))
                .filter(c -> !c.isBlank()).flatMap(accounts::session).filter(p -> anyone || p.admin());
        if (principal.isEmpty()) {
            if (ctx.header("HX-Request") != null) {
                // htmx would swap a login page into a fragment; tell it to go to the login page instead.
                ctx.header("HX-Redirect", "/login");
                ctx.status(401).skipRemainingHandlers();
            } else {
                ctx.redirect("/login", HttpStatus.SEE_OTHER);
                ctx.skipRemainingHandlers();
            }
            return;
        }
        if (ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD) {
            String sent = Optional.ofNullable(ctx.header(WebServer.CSRF_HEADER)).orElseGet(() -> ctx.formParam(CSRF_FIELD));
            if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                    principal.get().csrfToken().getBytes(StandardCharsets.UTF_8))) {
                ctx.status(403).html("The form was stale or not sent by this page. Go back, reload and try again.");
                ctx.skipRemainingHandlers();
                return;
            }
        }
        ctx.attribute(Requests.PRINCIPAL, principal.get());
    }

    private void logIn(Context ctx) {
        LoginInput input;
        try {
            input = LoginInput.form(ctx);
        } catch (BadRequest e) {
            login(ctx.status(400), e.field().equals("body") ? "The username is too long." : e.getMessage(), "");
            return;
        }
        String username = input.username();
        if (username.isEmpty() || input.password().isEmpty()) {
            login(ctx.status(400), "Enter your username and password.", username);
            return;
        }
        // The same attempt as the API login (one throttle), so switching between them gains no tries.
        Logins.Outcome outcome = logins.attempt(ctx, input);
        if (outcome instanceof Logins.Outcome.LoggedIn in) {
            ctx.cookie(AuthRoutes.sessionCookie(ctx, in.login().sessionToken()));
            ctx.redirect("/", HttpStatus.SEE_OTHER);
        } else if (outcome instanceof Logins.Outcome.Refused refused) {
            String wait = Logins.retryAfter(refused.retryAfter());
            ctx.header("Retry-After", wait);
            login(ctx.status(429), refused.busy() ? "Too many logins at once. Try again in a second."
                    : "Too many failed logins. Try again in " + minutes(refused.retryAfter()) + ".", username);
        } else {
            login(ctx.status(401), "Wrong username or password.", username);
        }
    }

    private static String minutes(java.time.Duration d) {
        long m = Math.max(1, (d.toSeconds() + 59) / 60);
        return m == 1 ? "a minute" : m + " minutes";
    }

    private void login(Context ctx, String error, String username) {
        Map<String, Object> params = new HashMap<>();
        params.put("error", error);
        params.put("username", username);
        ctx.html(templates.render("login.jte", params));
    }
}
