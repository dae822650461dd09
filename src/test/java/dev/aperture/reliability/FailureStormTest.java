package dev.aperture.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aperture.calls.ErrorType;
import dev.aperture.calls.ServiceId;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A storm of 100,000 identical failures on the real app is one open alert counting
 * every one of them, in a bounded number of error rows, while the API keeps answering. Timings are
 * the benchmark's business (bench/run-storm.sh); this asserts counts and bounds.
 */
class FailureStormTest {

    private static final int FAILURES = 100_000;
    private static final int THREADS = 4;

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_hundred_thousand_identical_failures_are_one_alert_with_the_exact_count_in_few_rows(TestDatabases kind)
            throws Exception {
        try (AppFixture fx = new AppFixture(kind)) {
            Instant start = fx.clock.instant();
            AtomicLong next = new AtomicLong();
            AtomicBoolean storming = new AtomicBoolean(true);
            ConcurrentLinkedQueue<Integer> apiStatuses = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
            // The storm cannot end before the API answered during it: the writer that draws the middle failure
            // waits (the others carry on) until a read that began after the storm started has come back.
            AtomicBoolean begun = new AtomicBoolean();
            java.util.concurrent.CountDownLatch readDuringStorm = new java.util.concurrent.CountDownLatch(1);
            Future<?> reader = pool.submit(() -> {
                while (storming.get()) {
                    boolean during = begun.get();
                    apiStatuses.add(fx.api.get("/api/alerts").status());
                    apiStatuses.add(fx.api.get("/api/health").status());
                    if (during) {
                        readDuringStorm.countDown();
                    }
                }
            });
            List<Future<?>> writers = new ArrayList<>();
            begun.set(true);
            for (int t = 0; t < THREADS; t++) {
                writers.add(pool.submit(() -> {
                    long i;
                    while ((i = next.getAndIncrement()) < FAILURES) {
                        if (i == FAILURES / 2) {
                            assertThat(readDuringStorm.await(30, TimeUnit.SECONDS)).as("API answered during the storm")
                                    .isTrue();
                        }
                        // 3 ms apart: the storm spans 5 minutes of failure time, so several aggregation windows.
                        fx.app.alerts.record(Storms.failure(ServiceId.TMDB, ErrorType.AUTHENTICATION, "",
                                start.plusMillis(i * 3)));
                    }
                    return null;
                }));
            }
            for (Future<?> w : writers) {
                w.get(120, TimeUnit.SECONDS);
            }
            storming.set(false);
            reader.get(30, TimeUnit.SECONDS);
            pool.shutdown();

            var alerts = fx.api.get("/api/alerts").json().get("alerts");
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).get("count").asLong()).isEqualTo(FAILURES);
            assertThat(apiStatuses).isNotEmpty().containsOnly(200);
            // The API answers from memory; the rows follow with the store's next background flush (every 250 ms).
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Long recorded = fx.app.database.jdbi().withHandle(
                        h -> h.createQuery("SELECT SUM(occurrences) FROM error_records").mapTo(Long.class).one());
                assertThat(recorded).isEqualTo(FAILURES);
            });
            long rows = fx.app.database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM error_records")
                    .mapTo(Long.class).one());
            assertThat(rows).isBetween(5L, 1_000L);
            assertThat(fx.app.alerts.dropped()).isZero();
        }
    }
}
