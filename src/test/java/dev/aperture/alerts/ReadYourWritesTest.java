package dev.aperture.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Occurrence;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.RequestDetails;
import dev.aperture.calls.ServiceId;
import dev.aperture.store.Database;
import dev.aperture.testing.MutableClock;
import dev.aperture.testing.TestDatabases;
import dev.aperture.web.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every read sees every occurrence recorded before it, also while the background flush of counts is
 * under way: the moment its counts have left the pending ones and are not committed yet.
 */
class ReadYourWritesTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-14T15:09:26Z"));
    private final CountDownLatch flushOpen = new CountDownLatch(1);
    private final CountDownLatch letFlushCommit = new CountDownLatch(1);
    private TestDatabases.Target target;
    private Database db;
    private AlertStore store;

    @AfterEach
    void close() {
        letFlushCommit.countDown();
        if (store != null) {
            store.stop();
        }
        if (db != null) {
            db.close();
        }
        if (target != null) {
            target.close();
        }
    }

    private Occurrence failure() {
        Outcome.Failure f = new Outcome.Failure(ErrorType.AUTHENTICATION, "7", 401, "Invalid API key", "Update key");
        return new Occurrence(ServiceId.TMDB, f, new RequestDetails("GET", "https://api.example/3/x", Map.of(), 401,
                "{}", 12), null, clock.instant());
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void reads_while_a_flush_is_held_open_see_every_count_recorded_before_them(TestDatabases kind) throws Exception {
        target = kind.create();
        db = target.open();
        store = new AlertStore(db, clock, AlertListener.NONE, Json.newMapper());
        store.beforeCountsCommit(() -> {
            flushOpen.countDown();
            try {
                letFlushCommit.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        store.start();
        // The first occurrence is written at once; the second is counted in memory for the flusher.
        String alertId = store.record(failure()).orElseThrow().alertId();
        clock.advance(Duration.ofSeconds(1));
        store.record(failure());

        await().atMost(Duration.ofSeconds(30)).until(() -> flushOpen.getCount() == 0);
        assertThat(store.openAlerts()).singleElement().satisfies(a -> {
            assertThat(a.count()).isEqualTo(2);
            assertThat(a.lastSeenAt()).isEqualTo(Instant.parse("2026-03-14T15:09:27Z"));
        });
        assertThat(store.find(alertId).orElseThrow().count()).isEqualTo(2);
        assertThat(store.totals().total()).isEqualTo(1);

        // Error records are read from the database: the read waits for the flush instead of reading before it.
        AtomicReference<ErrorLog.Page> page = new AtomicReference<>();
        Thread reader = new Thread(() -> page.set(store.errors(new ErrorLog.Filter(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(alertId)), 10, Optional.empty())));
        reader.start();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> page.get() != null || reader.getState() == Thread.State.WAITING);
        letFlushCommit.countDown();
        reader.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(page.get().errors()).singleElement().extracting(ErrorRecord::occurrences).isEqualTo(2L);

        // Committed: the counts are in the row now, and counted once.
        await().atMost(Duration.ofSeconds(30)).until(() -> store.unwritten() == 0);
        assertThat(store.openAlerts()).singleElement().extracting(Alert::count).isEqualTo(2L);
        long stored = db.jdbi().withHandle(h -> h.createQuery("SELECT occurrences FROM alerts WHERE id = :id")
                .bind("id", alertId).mapTo(Long.class).one());
        assertThat(stored).isEqualTo(2);
    }
}
