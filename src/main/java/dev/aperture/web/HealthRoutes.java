package dev.aperture.web;

import dev.aperture.store.Database;
import java.util.Map;

/** {@code GET /api/health}: no auth; ok when the store answers. */
public final class HealthRoutes implements RouteGroup {

    private final Database database;

    public HealthRoutes(Database database) {
        this.database = database;
    }

    @Override
    public void register(Api api) {
        api.get("/api/health", ctx -> {
            if (database.answers()) {
                ctx.json(Map.of("status", "ok", "store", "up"));
            } else {
                ctx.status(503).json(Map.of("status", "degraded", "store", "down"));
            }
        });
        api.get("/api/openapi.json", ctx -> {
            try (var in = HealthRoutes.class.getResourceAsStream("/openapi.json")) {
                ctx.contentType("application/json").result(in.readAllBytes());
            }
        });
    }
}
