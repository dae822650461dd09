package dev.aperture.demo;

import dev.aperture.calls.ServiceId;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

/** MDBList: apikey parameter, X-RateLimit-* on every answer, /user, and lists of items. */
final class SimMdblist extends Simulator {

    static final String KEY = "demo-mdblist-key-c4e1";
    static final int DAILY = 1000;
    private final DemoCatalog catalog;
    private final AtomicInteger used = new AtomicInteger();

    SimMdblist(DemoCatalog catalog) {
        super(ServiceId.MDBLIST);
        this.catalog = catalog;
    }

    @Override
    void handle(SimExchange ex) throws IOException {
        if (fault() == Fault.OUTAGE) {
            ex.json(503, "{\"error\":\"Service Unavailable\"}");
            return;
        }
        if (fault() == Fault.AUTH || !KEY.equals(ex.query.get("apikey"))) {
            ex.json(401, "{\"error\":\"Invalid API key!\"}");
            return;
        }
        long reset = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        int n = used.incrementAndGet();
        String[] limits = {"X-RateLimit-Limit", String.valueOf(DAILY), "X-RateLimit-Remaining",
            String.valueOf(Math.max(0, DAILY - n)), "X-RateLimit-Reset", String.valueOf(reset)};
        if (fault() == Fault.RATE_LIMIT || n > DAILY) {
            ex.json(429, "{\"error\":\"Daily API limit exceeded!\"}", concat(limits, "Retry-After",
                    String.valueOf(reset - System.currentTimeMillis() / 1000)));
            return;
        }
        if (ex.path.equals("/user")) {
            ex.json(200, "{\"user_id\":4242,\"name\":\"demo\",\"patron_status\":\"free\",\"api_requests\":" + DAILY
                    + ",\"api_requests_count\":" + n + "}", limits);
        } else if (ex.path.startsWith("/lists/") && ex.path.endsWith("/items")) {
            String id = ex.path.substring(7, ex.path.length() - 6);
            if (id.contains("deleted")) {
                ex.json(404, "{\"error\":\"List not found\"}", limits);
                return;
            }
            StringBuilder items = new StringBuilder();
            int rank = 1;
            for (var t : catalog.titles.subList(0, Math.min(25, catalog.titles.size()))) {
                items.append(items.length() == 0 ? "" : ",").append("{\"id\":").append(t.tmdbId()).append(",\"rank\":")
                        .append(rank++).append(",\"title\":").append(DemoCatalog.quote(t.name())).append(",\"imdb_id\":\"")
                        .append(t.imdbId()).append("\",\"tmdb_id\":").append(t.tmdbId()).append(",\"mediatype\":\"")
                        .append(t.type().equals("series") ? "show" : "movie").append("\",\"release_year\":")
                        .append(t.year()).append("}");
            }
            ex.json(200, "[" + items + "]", limits);
        } else {
            ex.json(404, "{\"error\":\"Not found\"}", limits);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
