package dev.aperture.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.alerts.AlertStore;
import dev.aperture.alerts.AlertListener;
import dev.aperture.alerts.Resolution;
import dev.aperture.alerts.Retention;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Occurrence;
import dev.aperture.calls.ServiceId;
import dev.aperture.store.Database;
import dev.aperture.testing.MutableClock;
import dev.aperture.testing.TestDatabases;
import dev.aperture.web.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Tag;

/**
 * 8 threads × 10,000 mixed record / dismiss / resolve / retention operations on
 * the same four keys, through the buffered book as the app builds it. Never two unresolved alerts
 * for one key (checked by SQL while it runs and at the end), every recorded occurrence counted on
 * some alert of its key, and no deadlock (every thread ends within a bounded time).
 */
@Tag("slow")
class ConcurrentWritersTest {

    private static final int THREADS = 8;
    private static final int OPS = 10_000;
    private static final String DUPLICATES = "SELECT service, type, subject FROM alerts WHERE resolved_at IS NULL "
            + "GROUP BY service, type, subject HAVING COUNT(*) > 1";

    private record Key(ServiceId service, ErrorType type, String subject) {}

    private static final List<Key> KEYS = List.of(new Key(ServiceId.TMDB, ErrorType.AUTHENTICATION, ""),
            new Key(ServiceId.TMDB, ErrorType.OUTAGE, ""), new Key(ServiceId.MDBLIST, ErrorType.CONFIGURATION, "list-1"),
            new Key(ServiceId.MDBLIST, ErrorType.CONFIGURATION, "list-2"));

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void eight_writers_mixing_ten_thousand_operations_each_never_open_two_alerts_and_lose_no_count(TestDatabases kind)
            throws Exception {
        // A fixed mix of operations (replay another with -Dwriters.seed); the threads' interleaving varies anyway.
        long seed = Long.getLong("writers.seed", 20260314L);
        MutableClock clock = new MutableClock(Instant.parse("2026-03-14T15:09:26Z"));
        try (TestDatabases.Target target = kind.create(); Database db = target.open()) {
            AlertStore book = new AlertStore(db, clock, AlertListener.NONE, Json.newMapper());
            // Retention runs its real deletes against the live rows; with a day of retention and minutes of
            // clock nothing is old enough, so the sum of counts stays checkable (deletion itself: AlertStoreTest).
            Retention retention = new Retention(book, Duration.ofDays(1));
            book.start();
            Map<Key, AtomicLong> recorded = new ConcurrentHashMap<>();
            KEYS.forEach(k -> recorded.put(k, new AtomicLong()));
            ConcurrentLinkedQueue<String> duplicatesSeen = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Random random = new Random(seed + t);
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < OPS; i++) {
                        if (i % 500 == 0) {
                            // While it runs: any moment with two unresolved alerts of one key would show here.
                            duplicatesSeen.addAll(db.jdbi().withHandle(h -> h.createQuery(DUPLICATES)
                                    .map((rs, ctx) -> rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3))
                                    .list()));
                        }
                        Key key = KEYS.get(random.nextInt(KEYS.size()));
                        int op = random.nextInt(100);
                        if (op < 96) {
                            Occurrence o = Storms.failure(key.service(), key.type(), key.subject(), clock.instant());
                            book.record(o);
                            recorded.get(key).incrementAndGet();
                            clock.advance(Duration.ofMillis(1));
                        } else if (op < 97) {
                            book.dismissService(key.service());
                        } else if (op < 99) {
                            book.resolve(key.service(), Resolution.HEALTH_CHECK, false);
                        } else {
                            retention.run();
                        }
                    }
                }));
            }
            try {
                // A deadlock never ends; a busy 2-core machine (a load of 30 was seen) needs minutes for the soak.
                for (Future<?> w : writers) {
                    w.get(600, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
                book.stop();
            }

            assertThat(duplicatesSeen).as("seed %d", seed).isEmpty();
            List<Map<String, Object>> duplicatesAtEnd = db.jdbi().withHandle(h -> h.createQuery(DUPLICATES).mapToMap().list());
            assertThat(duplicatesAtEnd).isEmpty();
            assertThat(book.unwritten()).isZero();
            assertThat(book.dropped()).isZero();
            for (Key key : KEYS) {
                long alerts = sum(db, "alerts", key);
                long records = sum(db, "error_records", key);
                assertThat(alerts).as("occurrences on the alerts of %s (seed %d)", key, seed)
                        .isEqualTo(recorded.get(key).get());
                assertThat(records).as("occurrences in the error records of %s (seed %d)", key, seed)
                        .isEqualTo(recorded.get(key).get());
            }
        }
    }

    private static long sum(Database db, String table, Key key) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COALESCE(SUM(occurrences), 0) FROM " + table
                        + " WHERE service = :s AND type = :t AND subject = :u")
                .bind("s", key.service().id()).bind("t", key.type().wire()).bind("u", key.subject())
                .mapTo(Long.class).one());
    }
}
