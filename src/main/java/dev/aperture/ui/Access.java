package dev.aperture.ui;

import dev.aperture.auth.Accounts;
import dev.aperture.auth.AuthRoutes;
import dev.aperture.auth.LoginThrottle;
import dev.aperture.auth.Principal;
import dev.aperture.web.PageGroup;
import dev.aperture.web.Requests;
import dev.aperture.web.WebServer;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Who may see the pages: every page needs an admin's browser session, else it is a redirect to
 * the login page. Writes must carry the session's CSRF token, as a form field or (htmx) header.
 */
final class Access implements PageGroup {

    static final String CSRF_FIELD = "_csrf";

    private final Accounts accounts;
    private final LoginThrottle throttle;
    private final Templates templates;

    Access(Accounts accounts, LoginThrottle throttle, Templates templates) {
        this.accounts = accounts;
        this.throttle = throttle;
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
        Optional<Principal> principal = Optional.ofNullable(ctx.cookie(WebServer.SESSION_COOKIE))
                .filter(c -> !c.isBlank()).flatMap(accounts::session).filter(Principal::admin);
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
        String username = Optional.ofNullable(ctx.formParam("username")).orElse("").trim();
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        if (username.isEmpty() || password.isEmpty()) {
            login(ctx.status(400), "Enter your username and password.", username);
            return;
        }
        // Same key as the API login, so a client cannot double its attempts by switching between them.
        String client = dev.aperture.web.ClientAddress.of(ctx) + "|" + username.toLowerCase(Locale.ROOT);
        if (throttle.blocked(client)) {
            login(ctx.status(429), "Too many failed logins. Try again in 15 minutes.", username);
            return;
        }
        var login = accounts.login(username, password);
        if (login.isEmpty()) {
            throttle.failed(client);
            login(ctx.status(401), "Wrong username or password.", username);
            return;
        }
        throttle.succeeded(client);
        ctx.cookie(AuthRoutes.sessionCookie(ctx, login.get().sessionToken()));
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    private void login(Context ctx, String error, String username) {
        Map<String, Object> params = new HashMap<>();
        params.put("error", error);
        params.put("username", username);
        ctx.html(templates.render("login.jte", params));
    }
}
