package dev.aperture.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aperture.web.Api;
import dev.aperture.web.Json;
import dev.aperture.web.NotFound;
import dev.aperture.web.Requests;
import dev.aperture.web.RouteGroup;
import dev.aperture.web.WebServer;
import io.javalin.http.Cookie;
import io.javalin.http.HttpResponseException;
import io.javalin.http.SameSite;
import java.util.Map;

/** Login, logout and API tokens. */
public final class AuthRoutes implements RouteGroup {

    private final Accounts accounts;
    private final LoginThrottle throttle;

    public AuthRoutes(Accounts accounts, LoginThrottle throttle) {
        this.accounts = accounts;
        this.throttle = throttle;
    }

    /**
     * The browser session cookie: HTTP-only, SameSite=Lax, for the whole site (API and pages), and Secure
     * when the browser's request was https (directly, or to a trusted proxy in front).
     */
    public static Cookie sessionCookie(io.javalin.http.Context ctx, String sessionToken) {
        return new Cookie(WebServer.SESSION_COOKIE, sessionToken, "/", (int) Accounts.SESSION_LIFETIME.toSeconds(),
                "https".equals(ctx.scheme()), true, null, SameSite.LAX);
    }

    @Override
    public void register(Api api) {
        api.post("/api/auth/login", ctx -> {
            ObjectNode body = Json.object(ctx);
            String username = Json.text(body, "username");
            String password = Json.text(body, "password");
            // Per address and account, so one noisy client cannot lock the admin out from elsewhere.
            String client = dev.aperture.web.ClientAddress.of(ctx) + "|" + username.toLowerCase(java.util.Locale.ROOT);
            if (throttle.blocked(client)) {
                throw new HttpResponseException(429, "too many failed logins; try again in 15 minutes");
            }
            var login = accounts.login(username, password);
            if (login.isEmpty()) {
                throttle.failed(client);
                throw new HttpResponseException(401, "invalid username or password");
            }
            throttle.succeeded(client);
            ctx.cookie(sessionCookie(ctx, login.get().sessionToken()));
            ctx.json(Map.of("csrfToken", login.get().csrfToken(), "username", login.get().principal().username(),
                    "role", login.get().principal().role()));
        });
        api.post("/api/auth/logout", ctx -> {
            String cookie = ctx.cookie(WebServer.SESSION_COOKIE);
            if (cookie != null) {
                accounts.logout(cookie);
            }
            ctx.removeCookie(WebServer.SESSION_COOKIE, "/");
            ctx.status(204);
        });
        api.get("/api/auth/me", ctx -> {
            Principal p = Requests.principal(ctx);
            ctx.json(Map.of("username", p.username(), "role", p.role()));
        });
        api.post("/api/tokens", ctx -> {
            ObjectNode body = Json.object(ctx);
            String name = Json.text(body, "name");
            if (name.length() > 100) {
                throw new dev.aperture.web.BadRequest("name", "must be at most 100 characters");
            }
            Accounts.IssuedToken token = accounts.issueToken(Requests.principal(ctx).userId(), name);
            ctx.status(201).json(Map.of("id", token.id(), "name", token.name(), "token", token.token()));
        });
        api.delete("/api/tokens/{id}", ctx -> {
            if (!accounts.revokeToken(ctx.pathParam("id"))) {
                throw new NotFound("no active token with id " + ctx.pathParam("id"));
            }
            ctx.status(204);
        });
    }
}
