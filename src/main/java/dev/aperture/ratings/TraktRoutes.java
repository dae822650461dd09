package dev.aperture.ratings;

import dev.aperture.web.Api;
import dev.aperture.web.BadRequest;
import dev.aperture.web.Json;
import dev.aperture.web.NotFound;
import dev.aperture.web.RouteGroup;
import io.javalin.http.HttpResponseException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Connecting users to Trakt (device flow) and listing or removing their authorizations; never a token. */
public final class TraktRoutes implements RouteGroup {

    /** A device-flow attempt as the API and the Trakt page show it: the code to enter, where, and how it went. */
    public record Connection(String id, String user, String userCode, String verificationUrl, Instant expiresAt,
                             int interval, String state, String message) {

        static Connection of(DeviceCodes.Attempt a) {
            return new Connection(a.id(), a.user(), a.userCode(), a.verificationUrl(), a.expiresAt(), a.interval(),
                    a.state(), a.message());
        }
    }

    private final TraktDeviceFlow flow;
    private final TraktTokens tokens;

    public TraktRoutes(TraktDeviceFlow flow, TraktTokens tokens) {
        this.flow = flow;
        this.tokens = tokens;
    }

    @Override
    public void register(Api api) {
        api.post("/api/trakt/device", ctx -> ctx.status(201).json(connect(Json.optionalText(Json.object(ctx), "user").orElse(""))));
        api.get("/api/trakt/device/{id}", ctx -> ctx.json(connection(ctx.pathParam("id"))));
        api.get("/api/trakt/users", ctx -> ctx.json(Map.of("users", users())));
        api.delete("/api/trakt/users/{name}", ctx -> {
            remove(ctx.pathParam("name"));
            ctx.status(204);
        });
    }

    // Public so the Trakt page does exactly what the API does.

    /** Starts the device flow for {@code user}; 409 when Trakt is not configured, 502 when Trakt refused. */
    public Connection connect(String user) {
        String name = user == null ? "" : user.trim();
        if (name.isEmpty()) {
            throw new BadRequest("user", "is required");
        }
        if (name.length() > 100) {
            throw new BadRequest("user", "must be at most 100 characters");
        }
        try {
            return Connection.of(flow.begin(name));
        } catch (TraktDeviceFlow.NotStarted e) {
            throw new HttpResponseException(e.status, e.getMessage());
        }
    }

    public Connection connection(String id) {
        return Connection.of(flow.find(id).orElseThrow(() -> new NotFound("no device authorization with id " + id)));
    }

    public List<TraktTokens.AuthorizedUser> users() {
        return tokens.list();
    }

    public void remove(String user) {
        if (!tokens.remove(user)) {
            throw new NotFound("no Trakt authorization for user " + user);
        }
    }
}
