package dev.aperture.demo;

import dev.aperture.calls.ServiceId;
import java.io.IOException;

/** Jellyseerr (Overseerr API) under /api/v1: X-Api-Key, /auth/me, requests with their requesters, users. */
final class SimJellyseerr extends Simulator {

    static final String KEY = "demo-jellyseerr-key-MTcwMDAwMDAwMDAwMA==";
    /** Jellyseerr users: id → Jellyfin user name. carol has no Aperture account: a user-mapping problem. */
    static final String[] USERS = {"", "admin", "alice", "carol"};

    private final DemoCatalog catalog;

    SimJellyseerr(DemoCatalog catalog) {
        super(ServiceId.JELLYSEERR);
        this.catalog = catalog;
    }

    @Override
    void handle(SimExchange ex) throws IOException {
        if (fault() == Fault.OUTAGE) {
            ex.json(500, "{\"message\":\"Something went wrong.\"}");
            return;
        }
        String path = ex.path.startsWith("/api/v1") ? ex.path.substring(7) : "/__wrong_base" + ex.path;
        if (path.equals("/status")) {
            ex.json(200, "{\"version\":\"2.5.2\",\"commitTag\":\"v2.5.2\",\"updateAvailable\":false}");
            return;
        }
        String key = ex.header("X-Api-Key");
        if (key.isEmpty()) {
            ex.json(401, "{\"message\":\"cookie 'connect.sid' required\",\"errors\":[]}");
            return;
        }
        if (fault() == Fault.AUTH || !KEY.equals(key)) {
            ex.json(403, "{\"status\":403,\"error\":\"You do not have permission to access this endpoint\"}");
            return;
        }
        if (path.equals("/auth/me")) {
            ex.json(200, user(1));
        } else if (path.startsWith("/user/")) {
            int id = parse(path.substring(6));
            if (id < 1 || id >= USERS.length) {
                ex.json(404, "{\"message\":\"User not found.\"}");
            } else {
                ex.json(200, user(id));
            }
        } else if (path.equals("/request")) {
            int take = parse(ex.query.getOrDefault("take", "20"));
            int skip = parse(ex.query.getOrDefault("skip", "0"));
            int total = 30;
            StringBuilder out = new StringBuilder();
            for (int i = skip; i < Math.min(total, skip + Math.max(1, take)); i++) {
                var t = catalog.titles.get(i * 3 % catalog.titles.size());
                int requester = 1 + i % 3;
                out.append(out.length() == 0 ? "" : ",").append("{\"id\":").append(100 + i).append(",\"status\":")
                        .append(1 + i % 3).append(",\"type\":\"").append(t.type().equals("series") ? "tv" : "movie")
                        .append("\",\"createdAt\":\"2026-01-10T12:00:00.000Z\",\"media\":{\"tmdbId\":")
                        .append(t.tmdbId()).append(",\"mediaType\":\"").append(t.type().equals("series") ? "tv" : "movie")
                        .append("\",\"status\":").append(2 + i % 4).append("},\"requestedBy\":").append(user(requester))
                        .append("}");
            }
            ex.json(200, "{\"pageInfo\":{\"pages\":" + (total + take - 1) / Math.max(1, take) + ",\"pageSize\":" + take
                    + ",\"results\":" + total + ",\"page\":" + (skip / Math.max(1, take) + 1) + "},\"results\":[" + out
                    + "]}");
        } else {
            // Express's answer to an unknown route: an HTML page, as when the base URL is wrong.
            ex.html(404, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error</title></head>"
                    + "<body><pre>Cannot GET " + ex.path + "</pre></body></html>");
        }
    }

    private static String user(int id) {
        String name = USERS[id];
        return "{\"id\":" + id + ",\"email\":\"" + name + "@demo.local\",\"username\":\"" + name + "\","
                + "\"jellyfinUsername\":\"" + name + "\",\"displayName\":\"" + name + "\",\"userType\":3,"
                + "\"permissions\":" + (id == 1 ? 2 : 32) + "}";
    }

    private static int parse(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
