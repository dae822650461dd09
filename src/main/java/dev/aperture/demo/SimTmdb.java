package dev.aperture.demo;

import dev.aperture.calls.ServiceId;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/** TMDb v3: api_key or Bearer auth, status_code bodies, and its ~40 requests/s edge limit with Retry-After. */
final class SimTmdb extends Simulator {

    static final String KEY = "demo-tmdb-key-5f2c9a";
    /** TMDb's CDN allows about 40 requests per second per IP. */
    static final int PER_SECOND = 40;

    /** The demo lowers it for a while, as a busy edge node does, so the pacing has to react. */
    volatile int perSecond = PER_SECOND;

    private final DemoCatalog catalog;
    private final Deque<Long> window = new ArrayDeque<>();

    SimTmdb(DemoCatalog catalog) {
        super(ServiceId.TMDB);
        this.catalog = catalog;
    }

    @Override
    void handle(SimExchange ex) throws IOException {
        Fault f = fault();
        if (f == Fault.OUTAGE) {
            ex.json(503, "{\"status_code\":9,\"status_message\":\"Service offline.\",\"success\":false}");
            return;
        }
        boolean keyOk = KEY.equals(ex.query.get("api_key")) || ("Bearer " + KEY).equals(ex.header("Authorization"));
        if (f == Fault.AUTH || !keyOk) {
            ex.json(401, "{\"status_code\":7,\"status_message\":\"Invalid API key: You must be granted a valid key.\","
                    + "\"success\":false}");
            return;
        }
        if (f == Fault.RATE_LIMIT || overLimit()) {
            ex.json(429, "{\"status_code\":25,\"status_message\":\"Your request count (#) is over the allowed limit of ("
                    + perSecond + ").\",\"success\":false}", "Retry-After", f == Fault.RATE_LIMIT ? "10" : "1");
            return;
        }
        String p = ex.path.startsWith("/3/") ? ex.path.substring(2) : ex.path;
        if (p.equals("/authentication") || p.equals("/configuration")) {
            ex.json(200, "{\"success\":true,\"status_code\":1,\"status_message\":\"Success.\"}");
        } else if (p.startsWith("/find/")) {
            var t = catalog.byImdb(p.substring(6)).filter(x -> !x.obscure());
            String hit = t.map(x -> "[{\"id\":" + x.tmdbId() + ",\"title\":" + DemoCatalog.quote(x.name()) + "}]")
                    .orElse("[]");
            boolean tv = t.map(x -> x.type().equals("series")).orElse(false);
            ex.json(200, "{\"movie_results\":" + (tv ? "[]" : hit) + ",\"tv_results\":" + (tv ? hit : "[]") + "}");
        } else if (p.startsWith("/movie/") || p.startsWith("/tv/")) {
            String kind = p.startsWith("/tv/") ? "tv" : "movie";
            var t = catalog.byTmdb(kind, p.substring(p.lastIndexOf('/') + 1)).filter(x -> !x.obscure());
            if (t.isEmpty()) {
                ex.json(404, "{\"status_code\":34,\"status_message\":\"The resource you requested could not be found.\","
                        + "\"success\":false}");
                return;
            }
            var x = t.get();
            String kw = kind.equals("tv") ? "\"results\"" : "\"keywords\"";
            ex.json(200, "{\"id\":" + x.tmdbId() + ",\"title\":" + DemoCatalog.quote(x.name()) + ",\"overview\":"
                    + DemoCatalog.quote("A story about " + x.name().toLowerCase(java.util.Locale.ROOT) + ".")
                    + ",\"genres\":[{\"id\":18,\"name\":\"Drama\"},{\"id\":" + (x.index() % 2 == 0 ? "878,\"name\":"
                    + "\"Science Fiction\"" : "35,\"name\":\"Comedy\"") + "}],\"vote_average\":"
                    + (5 + x.index() % 45 / 10.0) + ",\"keywords\":{" + kw + ":[{\"id\":1,\"name\":\"based on novel\"}]}}");
        } else {
            ex.json(404, "{\"status_code\":34,\"status_message\":\"The resource you requested could not be found.\","
                    + "\"success\":false}");
        }
    }

    private synchronized boolean overLimit() {
        long now = System.currentTimeMillis();
        while (!window.isEmpty() && window.peekFirst() <= now - 1000) {
            window.removeFirst();
        }
        if (window.size() >= perSecond) {
            return true;
        }
        window.addLast(now);
        return false;
    }
}
