package dev.aperture.demo;

import dev.aperture.calls.ServiceId;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Jellyfin 12: the key only from {@code Authorization: MediaBrowser Token="..."} (12.0's migration turns legacy
 * authorization off, so X-Emby-Token and api_key are ignored), a public /System/Info/Public, an authenticated
 * /System/Info, and the library under /Items with provider ids, paged.
 */
final class SimJellyfin extends Simulator {

    static final String KEY = "demo-jellyfin-key-81b3";
    private final DemoCatalog catalog;

    SimJellyfin(DemoCatalog catalog) {
        super(ServiceId.MEDIASERVER);
        this.catalog = catalog;
    }

    @Override
    void handle(SimExchange ex) throws IOException {
        if (fault() == Fault.OUTAGE) {
            ex.send(503, "text/plain", "Service Unavailable");
            return;
        }
        if (ex.path.equals("/System/Info/Public")) {
            ex.json(200, "{\"ServerName\":\"demo-jellyfin\",\"Version\":\"12.0.0\",\"ProductName\":\"Jellyfin Server\","
                    + "\"Id\":\"5e1f7a0d9c2b4e6f8a3d1c0b9e8f7a6d\"}");
            return;
        }
        if (fault() == Fault.AUTH || !KEY.equals(token(ex.header("Authorization")))) {
            // Jellyfin answers a rejected token with an empty 401.
            ex.send(401, "text/plain", "");
            return;
        }
        if (ex.path.equals("/System/Info")) {
            ex.json(200, "{\"ServerName\":\"demo-jellyfin\",\"Version\":\"12.0.0\",\"ProductName\":\"Jellyfin Server\","
                    + "\"Id\":\"5e1f7a0d9c2b4e6f8a3d1c0b9e8f7a6d\"}");
        } else if (ex.path.equals("/Items")) {
            int start = parse(ex.query.get("StartIndex"), 0);
            int limit = parse(ex.query.get("Limit"), catalog.titles.size());
            StringBuilder items = new StringBuilder();
            var page = catalog.titles.subList(Math.min(start, catalog.titles.size()),
                    Math.min(catalog.titles.size(), start + limit));
            for (var t : page) {
                items.append(items.length() == 0 ? "" : ",").append("{\"Name\":").append(DemoCatalog.quote(t.name()))
                        .append(",\"Id\":\"").append(t.jellyfinId()).append("\",\"Type\":\"")
                        .append(t.type().equals("series") ? "Series" : "Movie").append("\",\"ProductionYear\":")
                        .append(t.year()).append(",\"ProviderIds\":{\"Imdb\":\"").append(t.imdbId())
                        .append("\",\"Tmdb\":\"").append(t.tmdbId()).append("\"}}");
            }
            ex.json(200, "{\"Items\":[" + items + "],\"TotalRecordCount\":" + catalog.titles.size() + ",\"StartIndex\":"
                    + start + "}");
        } else {
            ex.send(404, "text/plain", "");
        }
    }

    /** The Token parameter of a MediaBrowser-scheme Authorization header; the scheme name is case-insensitive. */
    private static String token(String authorization) {
        String[] scheme = authorization.strip().split(" ", 2);
        if (scheme.length < 2 || !scheme[0].equalsIgnoreCase("MediaBrowser")) {
            return "";
        }
        for (String part : scheme[1].split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length == 2 && kv[0].strip().equals("Token")) {
                return URLDecoder.decode(kv[1].strip().replace("\"", ""), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private static int parse(String v, int fallback) {
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
