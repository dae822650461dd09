package dev.aperture.requests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aperture.web.Api;
import dev.aperture.web.BadRequest;
import dev.aperture.web.Json;
import dev.aperture.web.RouteGroup;
import java.util.List;
import java.util.Map;

/** Explicit Jellyseerr user → Aperture user mappings, for requesters whose names do not match. */
public final class UserMappingRoutes implements RouteGroup {

    private final RequestStore store;

    public UserMappingRoutes(RequestStore store) {
        this.store = store;
    }

    @Override
    public void register(Api api) {
        api.get("/api/jellyseerr/user-mappings", ctx -> ctx.json(Map.of("mappings", mappings())));
        api.put("/api/jellyseerr/user-mappings", ctx -> {
            RequestStore.Mapping saved = map(Json.object(ctx));
            ctx.json(Map.of("jellyseerrUserId", saved.jellyseerrUserId(), "username", saved.username()));
        });
    }

    // Public so the Jellyseerr page validates and saves exactly as the API does.

    public List<RequestStore.Mapping> mappings() {
        return store.listMappings();
    }

    /** {@code {"jellyseerrUserId": 7, "username": "anna"}}; a 400 names the field. */
    public RequestStore.Mapping map(ObjectNode body) {
        JsonNode id = body.get("jellyseerrUserId");
        if (id == null || !id.canConvertToInt() || !id.isIntegralNumber() || id.asInt() < 1) {
            throw new BadRequest("jellyseerrUserId", "must be a positive whole number (the Jellyseerr user id)");
        }
        String wanted = Json.text(body, "username").trim();
        String username = store.apertureUser(wanted)
                .orElseThrow(() -> new BadRequest("username", "no Aperture user named '" + wanted + "'"));
        store.map(id.asInt(), username);
        return new RequestStore.Mapping(id.asInt(), username, null);
    }
}
