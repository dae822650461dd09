package dev.aperture.bench;

import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Occurrence;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.RequestDetails;
import dev.aperture.calls.ServiceId;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.TestDatabases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;

/**
 * Failure storm (docs/benchmarks.md): N identical failures into the alert store of the real app, ours
 * (AlertStore: counts held in memory, written behind) against the original TypeScript Aperture's
 * strategy (a COUNT over the last 5 minutes, then one INSERT per error), in the same run and the same
 * database, with GET /api/alerts latency measured while each storm runs.
 * Usage: StormBenchmark [N] [baseline seconds cap] [sqlite|postgresql ...]
 */
public final class StormBenchmark {

    private StormBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long capNanos = (args.length > 1 ? Long.parseLong(args[1]) : 60) * 1_000_000_000L;
        List<TestDatabases> kinds = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            kinds.add(TestDatabases.valueOf(args[i].toUpperCase(java.util.Locale.ROOT)));
        }
        if (kinds.isEmpty()) {
            kinds = List.of(TestDatabases.values());
        }
        System.out.printf("failure storm: N=%,d identical failures, baseline capped at %d s%n", n, capNanos / 1_000_000_000L);
        for (TestDatabases kind : kinds) {
            run(kind, n, capNanos);
        }
        System.exit(0);
    }

    private static void run(TestDatabases kind, int n, long capNanos) throws Exception {
        try (AppFixture fx = new AppFixture(kind)) {
            Jdbi jdbi = fx.app.database.jdbi();
            jdbi.useHandle(h -> {
                h.execute("CREATE TABLE baseline_errors (id BIGINT PRIMARY KEY, service VARCHAR(32), type VARCHAR(32), "
                        + "message TEXT, url TEXT, occurred_at BIGINT)");
                h.execute("CREATE INDEX baseline_errors_key ON baseline_errors (service, type, occurred_at)");
            });
            Instant start = fx.clock.instant();
            List<Long> idle = latencies(fx, null, 200);
            // Warm the JIT and the statements a little, on another service, before measuring.
            for (int i = 0; i < 2_000; i++) {
                fx.app.alerts.record(failure(ServiceId.OMDB, start.plusMillis(i)));
            }
            AtomicBoolean storming = new AtomicBoolean(true);
            List<Long> during = Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> during.addAll(latencies(fx, storming, Integer.MAX_VALUE)));
            reader.start();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                fx.app.alerts.record(failure(ServiceId.TMDB, start.plusMillis(i * 3L)));
            }
            long recorded = System.nanoTime() - t0;
            storming.set(false);
            reader.join();
            long f0 = System.nanoTime();
            long count = fx.api.get("/api/alerts?service=tmdb").json().get("alerts").get(0).get("count").asLong();
            long flushed = System.nanoTime() - f0;
            long rows = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM error_records WHERE service = 'tmdb'")
                    .mapTo(Long.class).one());

            storming.set(true);
            List<Long> duringBaseline = Collections.synchronizedList(new ArrayList<>());
            Thread reader2 = new Thread(() -> duringBaseline.addAll(latencies(fx, storming, Integer.MAX_VALUE)));
            reader2.start();
            long b0 = System.nanoTime();
            int done = 0;
            while (done < n && System.nanoTime() - b0 < capNanos) {
                long at = start.plusMillis(done * 3L).toEpochMilli();
                long id = done;
                jdbi.useHandle(h -> {
                    h.createQuery("SELECT COUNT(*) FROM baseline_errors WHERE service = 'tmdb' AND type = 'authentication' "
                            + "AND occurred_at > :since").bind("since", at - 300_000).mapTo(Long.class).one();
                    h.createUpdate("INSERT INTO baseline_errors (id, service, type, message, url, occurred_at) VALUES "
                            + "(:id, 'tmdb', 'authentication', 'Invalid API key', 'https://api.themoviedb.org/3/x', :at)")
                            .bind("id", id).bind("at", at).execute();
                });
                done++;
            }
            long baseline = System.nanoTime() - b0;
            storming.set(false);
            reader2.join();

            double ours = recorded / 1_000.0 / n;
            double theirs = baseline / 1_000.0 / done;
            System.out.printf("%n== %s ==%n", kind.name().toLowerCase(java.util.Locale.ROOT));
            System.out.printf("ours:     %,d failures in %,d ms = %.2f µs/failure; then read-your-writes flush %,d ms; "
                    + "alert count %,d; error rows %d%n", n, recorded / 1_000_000, ours, flushed / 1_000_000, count, rows);
            System.out.printf("baseline: %,d failures in %,d ms = %.2f µs/failure; rows %,d (one per failure)%s%n", done,
                    baseline / 1_000_000, theirs, done, done < n ? " (stopped at the time cap)" : "");
            System.out.printf("ratio baseline/ours per failure: %.1f×%n", theirs / ours);
            System.out.printf("GET /api/alerts idle:            %s%n", summary(idle));
            System.out.printf("GET /api/alerts during ours:     %s%n", summary(during));
            System.out.printf("GET /api/alerts during baseline: %s%n", summary(duringBaseline));
        }
    }

    private static List<Long> latencies(AppFixture fx, AtomicBoolean whileTrue, int max) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < max && (whileTrue == null || whileTrue.get()); i++) {
            long t = System.nanoTime();
            int status = fx.api.get("/api/alerts").status();
            if (status != 200) {
                throw new IllegalStateException("GET /api/alerts answered " + status);
            }
            out.add(System.nanoTime() - t);
        }
        return out;
    }

    private static String summary(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "no requests completed";
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return String.format("n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms", sorted.size(),
                sorted.get(sorted.size() / 2) / 1e6, sorted.get(Math.min(sorted.size() - 1, sorted.size() * 99 / 100)) / 1e6,
                sorted.get(sorted.size() - 1) / 1e6);
    }

    private static Occurrence failure(ServiceId service, Instant at) {
        Outcome.Failure f = new Outcome.Failure(ErrorType.AUTHENTICATION, "7", 401,
                "Invalid API key: You must be granted a valid key.", "Check the key", Optional.empty(), "");
        return new Occurrence(service, f, new RequestDetails("GET", "https://api.themoviedb.org/3/authentication",
                Map.of("Accept", "application/json"), 401, "{\"status_code\":7}", 12), null, at);
    }
}
