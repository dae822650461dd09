package dev.aperture.ratings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aperture.web.Api;
import dev.aperture.web.BadRequest;
import dev.aperture.web.Json;
import dev.aperture.web.NotFound;
import dev.aperture.web.RouteGroup;
import io.javalin.http.HttpResponseException;
import java.util.Map;

/** Connecting users to Trakt (device flow) and listing or removing their authorizations; never a token. */
public final class TraktRoutes implements RouteGroup {

    private final TraktDeviceFlow flow;
    private final TraktTokens tokens;

    public TraktRoutes(TraktDeviceFlow flow, TraktTokens tokens) {
        this.flow = flow;
        this.tokens = tokens;
    }

    @Override
    public void register(Api api) {
        api.post("/api/trakt/device", ctx -> {
            String user = Json.text(Json.object(ctx), "user").trim();
            if (user.length() > 100) {
                throw new BadRequest("user", "must be at most 100 characters");
            }
            try {
                ctx.status(201).json(view(flow.begin(user)));
            } catch (TraktDeviceFlow.NotStarted e) {
                throw new HttpResponseException(e.status, e.getMessage());
            }
        });
        api.get("/api/trakt/device/{id}", ctx -> ctx.json(view(flow.find(ctx.pathParam("id"))
                .orElseThrow(() -> new NotFound("no device authorization with id " + ctx.pathParam("id"))))));
        api.get("/api/trakt/users", ctx -> ctx.json(Map.of("users", tokens.list())));
        api.delete("/api/trakt/users/{name}", ctx -> {
            String user = ctx.pathParam("name");
            if (!tokens.remove(user)) {
                throw new NotFound("no Trakt authorization for user " + user);
            }
            ctx.status(204);
        });
    }

    private static ObjectNode view(DeviceCodes.Attempt a) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("id", a.id());
        out.put("user", a.user());
        out.put("userCode", a.userCode());
        out.put("verificationUrl", a.verificationUrl());
        out.put("expiresAt", a.expiresAt().toString());
        out.put("interval", a.interval());
        out.put("state", a.state());
        out.put("message", a.message());
        return out;
    }
}
