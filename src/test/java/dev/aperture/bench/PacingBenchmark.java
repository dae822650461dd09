package dev.aperture.bench;

import dev.aperture.App;
import dev.aperture.Config;
import dev.aperture.calls.CallContext;
import dev.aperture.calls.CallObserver;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.Calls;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.HttpWire;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.Field;
import dev.aperture.integrations.Settings;
import dev.aperture.integrations.tmdb.TmdbIntegration;
import dev.aperture.pacing.Pacer;
import dev.aperture.pacing.PacingSettings;
import dev.aperture.pacing.Sleeper;
import dev.aperture.secrets.Secret;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An enrichment run of N items against a fake enforcing L requests/s, three ways in one run: Aperture's
 * pipeline with its pacing; the original TypeScript client's strategy (a fixed delay between calls, a wait
 * only after a 429); and resilience4j's RateLimiter at L per second. Then the recovery latency of the
 * background health check. Real time throughout: {@code bench/run-pacing.sh [N] [L]}.
 */
public final class PacingBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger("bench");
    private static final int WORKERS = 4;

    record Run(String name, long elapsedMs, int n, int limit, int served, int refused) {
        String line() {
            double ideal = 1000.0 * n / limit;
            return String.format(java.util.Locale.ROOT, "%-34s elapsed %6d ms  = %.3f × N/L  refused %4d of %4d calls "
                    + "(%.2f %%)", name, elapsedMs, elapsedMs / ideal, refused, served + refused,
                    100.0 * refused / (served + refused));
        }
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        try (LimitedFake fake = new LimitedFake(limit)) {
            warmUp(fake);
            List<Run> runs = List.of(aperture(fake, n, limit), baseline(fake, n, limit), resilience4j(fake, n, limit));
            LOG.info("N={} L={} (ideal N/L = {} ms), {} workers where concurrent", n, limit, 1000L * n / limit, WORKERS);
            runs.forEach(r -> LOG.info(r.line()));
        }
        recovery();
    }

    /** JIT and connections warm before anything is timed; the fake's window is cleared after. */
    private static void warmUp(LimitedFake fake) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 200; i++) {
            http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/movie/0")).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        Thread.sleep(1100);
        fake.reset();
    }

    private static Run aperture(LimitedFake fake, int n, int limit) throws Exception {
        TmdbIntegration tmdb = new TmdbIntegration();
        PacingSettings settings = PacingSettings.fromEnvironment(Map.of("APERTURE_RATE_TMDB", limit + "/1s"));
        Clock clock = Clock.systemUTC();
        Pacer pacer = new Pacer(settings.applyAll(Map.of(ServiceId.TMDB, tmdb.pacing())), settings, clock,
                Sleeper.REAL, dev.aperture.pacing.Peers.ALONE);
        Calls calls = new Calls(Map.of(ServiceId.TMDB, tmdb.classifier()), Map.of(ServiceId.TMDB, false),
                new HttpWire(Duration.ofSeconds(2), Duration.ofSeconds(5), 1 << 20), pacer, o -> Optional.empty(),
                CallObserver.NONE, clock, List::of);
        Settings s = Settings.empty().with(Field.BASE_URL, fake.baseUrl()).withSecret(Field.API_KEY, Secret.of("k"));
        return timed("aperture pacing (" + WORKERS + " workers)", fake, n, limit, WORKERS, i -> {
            CallResult r;
            do {
                // A refusal by the gate (reset too far) or a 429: the item is retried, as a job retries it.
                r = calls.call(tmdb.get(s, "/movie/" + i, Map.of()), CallContext.job("bench"));
            } while (r.outcome() instanceof Outcome.Failure f && f.type() == ErrorType.RATE_LIMIT);
        });
    }

    /** The original client: sleep a fixed delay after each call; after a 429 sleep Retry-After and retry. */
    private static Run baseline(LimitedFake fake, int n, int limit) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long delayMs = 1000 / limit;
        return timed("baseline fixed delay " + delayMs + " ms (1 worker)", fake, n, limit, 1, i -> {
            try {
                while (true) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/movie/" + i
                            + "?api_key=k")).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 429) {
                        Thread.sleep(delayMs);
                        return;
                    }
                    Thread.sleep(1000L * Long.parseLong(r.headers().firstValue("retry-after").orElse("1")));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** resilience4j's RateLimiter at L per 1-s cycle, same workers, retrying a 429 after Retry-After. */
    private static Run resilience4j(LimitedFake fake, int n, int limit) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        RateLimiter limiter = RateLimiter.of("tmdb", RateLimiterConfig.custom().limitForPeriod(limit)
                .limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ofMinutes(1)).build());
        return timed("resilience4j RateLimiter (" + WORKERS + " workers)", fake, n, limit, WORKERS, i -> {
            try {
                while (true) {
                    limiter.acquirePermission();
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/movie/" + i
                            + "?api_key=k")).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 429) {
                        return;
                    }
                    Thread.sleep(1000L * Long.parseLong(r.headers().firstValue("retry-after").orElse("1")));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static Run timed(String name, LimitedFake fake, int n, int limit, int workers, IntConsumer item)
            throws Exception {
        Thread.sleep(1100);
        fake.reset();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        long t0 = System.nanoTime();
        for (int w = 0; w < workers; w++) {
            pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    item.accept(i);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        long elapsed = (System.nanoTime() - t0) / 1_000_000;
        return new Run(name, elapsed, n, limit, fake.served.get(), fake.refused.get());
    }

    /**
     * The whole app (SQLite, real clock) probing every 2 s during an outage, ticking every second: how long
     * from the fake recovering until its outage alert is resolved by a health check.
     */
    private static void recovery() throws Exception {
        java.nio.file.Path dir = Files.createTempDirectory("aperture-bench");
        Map<String, String> env = Map.of("APERTURE_PORT", "0", "APERTURE_DATA_DIR", dir.toString(),
                "APERTURE_ADMIN_PASSWORD", "bench-password", "APERTURE_HEALTH_TICK_SECONDS", "1",
                "APERTURE_HEALTH_OUTAGE_BACKOFF", "2s");
        Config base = Config.fromEnvironment(env);
        Config config = base.onLoopback(Duration.ofSeconds(2), Duration.ofSeconds(5));
        try (LimitedFake fake = new LimitedFake(1000); App app = new App(config, Clock.systemUTC(), env, Sleeper.REAL)) {
            app.start();
            app.integrationStore.save(ServiceId.TMDB, Settings.empty().with(Field.BASE_URL, fake.baseUrl())
                    .withSecret(Field.API_KEY, Secret.of("k")));
            TmdbIntegration tmdb = new TmdbIntegration();
            for (int round = 1; round <= 5; round++) {
                fake.down.set(true);
                // A job call meets the outage and opens the alert; probes then come every 2 s.
                app.calls.call(tmdb.get(app.integrationStore.load(ServiceId.TMDB), "/movie/1", Map.of()),
                        CallContext.job("bench"));
                while (app.alerts.ongoing("tmdb").isEmpty()) {
                    Thread.sleep(20);
                }
                Thread.sleep(3000 + 700L * round);
                long t0 = System.nanoTime();
                fake.down.set(false);
                while (!app.alerts.ongoing("tmdb").isEmpty()) {
                    Thread.sleep(20);
                }
                LOG.info("recovery {}: fake recovered → alert resolved in {} ms (outage probe interval 2000 ms, "
                        + "tick 1000 ms, scheduler polling 2000 ms)", round, (System.nanoTime() - t0) / 1_000_000);
            }
        }
    }

    private PacingBenchmark() {}
}
