package dev.aperture.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aperture.web.Api;
import dev.aperture.web.BadRequest;
import dev.aperture.web.Json;
import dev.aperture.web.NotFound;
import dev.aperture.web.Requests;
import dev.aperture.web.RouteGroup;
import dev.aperture.web.WebServer;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpResponseException;
import io.javalin.http.SameSite;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Login, logout, password change and API tokens. */
public final class AuthRoutes implements RouteGroup {

    /** Ten years: "never" is a missing field, not a large number. */
    static final int MAX_TOKEN_DAYS = 3650;

    private final Logins logins;
    private final Accounts accounts;

    public AuthRoutes(Logins logins) {
        this.logins = logins;
        this.accounts = logins.accounts();
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
            LoginInput input = LoginInput.json(ctx);
            Logins.Outcome outcome = logins.attempt(ctx, input);
            if (outcome instanceof Logins.Outcome.LoggedIn in) {
                ctx.cookie(sessionCookie(ctx, in.login().sessionToken()));
                ctx.json(Map.of("csrfToken", in.login().csrfToken(), "username", in.login().principal().username(),
                        "role", in.login().principal().role()));
            } else if (outcome instanceof Logins.Outcome.Refused refused) {
                ctx.header("Retry-After", Logins.retryAfter(refused.retryAfter()));
                throw new HttpResponseException(429, refused.busy()
                        ? "too many logins at once; try again in a second"
                        : "too many failed logins; try again in " + Logins.retryAfter(refused.retryAfter())
                                + " seconds");
            } else {
                throw new HttpResponseException(401, "invalid username or password");
            }
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
        api.post("/api/auth/password", ctx -> {
            ObjectNode body = Json.object(ctx);
            String current = Json.text(body, "currentPassword");
            String next = LoginInput.newPassword("newPassword", Json.optionalText(body, "newPassword").orElse(""));
            changePassword(ctx, current, next);
            ctx.status(204);
        });
        api.get("/api/tokens", ctx -> ctx.json(Map.of("tokens", accounts.tokens().list())));
        api.post("/api/tokens", ctx -> {
            ObjectNode body = Json.object(ctx);
            String name = tokenName(Json.text(body, "name"));
            Optional<Duration> lifetime = tokenLifetime(body.get("expiresInDays"));
            ApiTokens.Issued token = accounts.tokens().issue(Requests.principal(ctx).userId(), name, lifetime);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", token.id());
            out.put("name", token.name());
            out.put("token", token.token());
            out.put("expiresAt", token.expiresAt());
            ctx.status(201).json(out);
        });
        api.delete("/api/tokens/{id}", ctx -> {
            if (!accounts.revokeToken(ctx.pathParam("id"))) {
                throw new NotFound("no active token with id " + ctx.pathParam("id"));
            }
            ctx.status(204);
        });
    }

    /** Shared with the account page; throws the 4xx that says why it was not changed. */
    public void changePassword(Context ctx, String current, String next) {
        Principal p = Requests.principal(ctx);
        Optional<String> keep = p.viaSession() ? Optional.ofNullable(ctx.cookie(WebServer.SESSION_COOKIE))
                : Optional.empty();
        switch (logins.changePassword(ctx, p, current, next, keep)) {
            case CHANGED -> { }
            case WRONG_CURRENT -> throw new BadRequest("currentPassword", "is not your current password");
            case BUSY -> {
                ctx.header("Retry-After", Logins.retryAfter(Logins.BUSY_RETRY));
                throw new HttpResponseException(429, "too many passwords being checked at once; try again in a second");
            }
            case LOCKED -> {
                ctx.header("Retry-After", Logins.retryAfter(LoginThrottle.WINDOW));
                throw new HttpResponseException(429, "too many wrong passwords; try again in 15 minutes");
            }
        }
    }

    public static String tokenName(String name) {
        if (name.length() > 100) {
            throw new BadRequest("name", "must be at most 100 characters");
        }
        return name;
    }

    /** {@code expiresInDays}: absent or null for a token that never expires, else 1 to 3650. */
    public static Optional<Duration> tokenLifetime(JsonNode days) {
        if (days == null || days.isNull()) {
            return Optional.empty();
        }
        if (!days.canConvertToInt() || !days.isIntegralNumber() || days.intValue() < 1
                || days.intValue() > MAX_TOKEN_DAYS) {
            throw new BadRequest("expiresInDays", "must be a whole number of days from 1 to " + MAX_TOKEN_DAYS);
        }
        return Optional.of(Duration.ofDays(days.intValue()));
    }
}
