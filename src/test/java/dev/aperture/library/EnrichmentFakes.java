package dev.aperture.library;

import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** A fake TMDb and a fake OMDb on loopback answering the real formats, with switches to break them. */
final class EnrichmentFakes implements AutoCloseable {

    enum Mode { OK, TMDB_BAD_KEY, OMDB_QUOTA_AFTER_TWO, OMDB_DOWN }

    static final String TMDB_KEY = "tmdb-key-1234567890abcdef";
    static final String OMDB_KEY = "omdbkey9";

    final FakeServer tmdb = new FakeServer();
    final FakeServer omdb = new FakeServer();
    final AtomicReference<Mode> mode = new AtomicReference<>(Mode.OK);
    /** TMDb ids that answer 503 every time. */
    final Set<String> tmdbDown = ConcurrentHashMap.newKeySet();
    /** IMDb ids OMDb does not know. */
    final Set<String> omdbUnknown = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicInteger omdbServed = new java.util.concurrent.atomic.AtomicInteger();
    private volatile int omdbHoldAfter = Integer.MAX_VALUE;
    private final java.util.concurrent.CountDownLatch omdbReleased = new java.util.concurrent.CountDownLatch(1);
    /** Requests OMDb is holding: in flight at the caller, unanswered. */
    final java.util.concurrent.atomic.AtomicInteger omdbHeld = new java.util.concurrent.atomic.AtomicInteger();

    EnrichmentFakes() {
        tmdb.answer("/3/movie/", r -> {
            if (mode.get() == Mode.TMDB_BAD_KEY) {
                return Response.json(401, "{\"status_code\":7,\"status_message\":\"Invalid API key: You must be granted "
                        + "a valid key.\",\"success\":false}");
            }
            String id = r.path().substring("/3/movie/".length());
            if (tmdbDown.contains(id)) {
                return Response.json(503, "{\"status_code\":9,\"status_message\":\"Service offline.\",\"success\":false}");
            }
            return Response.json(200, "{\"id\":" + id + ",\"title\":\"Movie " + id + "\",\"overview\":\"Overview of "
                    + id + "\",\"genres\":[{\"id\":28,\"name\":\"Action\"},{\"id\":878,\"name\":\"Science Fiction\"}],"
                    + "\"vote_average\":8.2,\"keywords\":{\"keywords\":[{\"id\":310,\"name\":\"artificial intelligence\"}]}}");
        });
        omdb.answer("/", r -> {
            if (omdbServed.get() >= omdbHoldAfter) {
                hold();
            }
            Mode m = mode.get();
            if (m == Mode.OMDB_DOWN) {
                return Response.html(522, "<html><head><title>Connection timed out | www.omdbapi.com | Cloudflare"
                        + "</title></head><body>Error code 522</body></html>", "Server", "cloudflare", "CF-RAY", "8f1a");
            }
            if (m == Mode.OMDB_QUOTA_AFTER_TWO && omdbServed.get() >= 2) {
                return Response.json(401, "{\"Response\":\"False\",\"Error\":\"Request limit reached!\"}");
            }
            String imdb = r.query().replaceAll(".*[?&]?i=(tt\\d+).*", "$1");
            if (omdbUnknown.contains(imdb)) {
                return Response.json(200, "{\"Response\":\"False\",\"Error\":\"Movie not found!\"}");
            }
            omdbServed.incrementAndGet();
            return Response.json(200, "{\"Title\":\"Film " + imdb + "\",\"Year\":\"1999\",\"Ratings\":[{\"Source\":"
                    + "\"Internet Movie Database\",\"Value\":\"8.7/10\"},{\"Source\":\"Rotten Tomatoes\",\"Value\":\"83%\"},"
                    + "{\"Source\":\"Metacritic\",\"Value\":\"73/100\"}],\"Metascore\":\"73\",\"imdbRating\":\"8.7\","
                    + "\"Awards\":\"Won 4 Oscars. 42 wins & 52 nominations total\",\"Response\":\"True\"}");
        });
    }

    /** OMDb answers {@code items} items, then holds every later request until {@link #release()} (30 s at most). */
    void holdOmdbAfter(int items) {
        omdbHoldAfter = items;
    }

    void release() {
        omdbHoldAfter = Integer.MAX_VALUE;
        omdbReleased.countDown();
    }

    private void hold() {
        omdbHeld.incrementAndGet();
        try {
            omdbReleased.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long omdbRequestsFor(String imdbId) {
        return omdb.requests().stream().filter(r -> r.query().contains("i=" + imdbId)).count();
    }

    long tmdbRequestsFor(String tmdbId) {
        return tmdb.requests().stream().filter(r -> r.path().equals("/3/movie/" + tmdbId)).count();
    }

    @Override
    public void close() {
        release();
        tmdb.close();
        omdb.close();
    }
}
