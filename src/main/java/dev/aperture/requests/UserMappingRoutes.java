package dev.aperture.requests;

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
            RequestStore.Mapping saved = map(Json.plainObject(ctx));
            ctx.json(Map.of("jellyseerrUserId", saved.jellyseerrUserId(), "username", saved.username()));
        });
    }

    // Public so the Jellyseerr page validates and saves exactly as the API does.

    public List<RequestStore.Mapping> mappings() {
        return store.listMappings();
    }

    /** {@code {"jellyseerrUserId": 7, "username": "anna"}} as plain values; a 400 names the field. */
    public RequestStore.Mapping map(Map<String, ?> body) {
        if (!(body.get("jellyseerrUserId") instanceof Integer id) || id < 1) {
            throw new BadRequest("jellyseerrUserId", "must be a positive whole number (the Jellyseerr user id)");
        }
        Object name = body.get("username");
        if (name != null && !(name instanceof String)) {
            throw new BadRequest("username", "must be a string");
        }
        if (name == null || ((String) name).isBlank()) {
            throw new BadRequest("username", "is required");
        }
        String wanted = ((String) name).trim();
        String username = store.apertureUser(wanted)
                .orElseThrow(() -> new BadRequest("username", "no Aperture user named '" + wanted + "'"));
        store.map(id, username);
        return new RequestStore.Mapping(id, username, null);
    }
}
