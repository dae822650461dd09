package dev.aperture.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Occurrence;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.RequestDetails;
import dev.aperture.calls.ServiceId;
import dev.aperture.calls.Severity;
import dev.aperture.store.Database;
import dev.aperture.testing.MutableClock;
import dev.aperture.testing.TestDatabases;
import dev.aperture.web.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The alert store's rules, on SQLite and on PostgreSQL alike, on the store the application runs (counts held in memory). */
@Execution(ExecutionMode.CONCURRENT)
class AlertStoreTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-14T15:09:26Z"));
    private final List<Alert> opened = new CopyOnWriteArrayList<>();
    private final List<Alert> resolved = new CopyOnWriteArrayList<>();
    private TestDatabases.Target target;
    private Database db;
    private AlertStore book;
    private AlertStore queries;

    private void open(TestDatabases kind) {
        target = kind.create();
        db = target.open();
        book = new AlertStore(db, clock, new AlertListener() {
            @Override
            public void opened(Alert alert) {
                opened.add(alert);
            }

            @Override
            public void resolved(List<Alert> alerts) {
                resolved.addAll(alerts);
            }
        }, Json.newMapper());
        book.start();
        queries = book;
    }

    @AfterEach
    void close() {
        if (book != null) {
            book.stop();
        }
        if (db != null) {
            db.close();
        }
        if (target != null) {
            target.close();
        }
    }

    private Occurrence failure(ServiceId service, ErrorType type, String subject) {
        Outcome.Failure f = new Outcome.Failure(type, "7", 401, "Invalid API key", "Update key", Optional.empty(), subject);
        return new Occurrence(service, f, new RequestDetails("GET", "https://api.example/3/x", Map.of(), 401, "{}", 12),
                null, clock.instant());
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void repeated_failures_count_on_one_open_alert(TestDatabases kind) {
        open(kind);
        for (int i = 0; i < 3; i++) {
            book.record(failure(ServiceId.TMDB, ErrorType.AUTHENTICATION, ""));
            clock.advance(Duration.ofSeconds(1));
        }
        List<Alert> alerts = queries.open(AlertStore.Filter.none());
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.count()).isEqualTo(3);
            assertThat(a.title()).isEqualTo("TMDb Authentication Error");
            assertThat(a.severity()).isEqualTo(Severity.ERROR);
            assertThat(a.firstSeenAt()).isEqualTo(Instant.parse("2026-03-14T15:09:26Z"));
            assertThat(a.lastSeenAt()).isEqualTo(Instant.parse("2026-03-14T15:09:28Z"));
        });
        assertThat(opened).hasSize(1);
        assertThat(queries.totals()).isEqualTo(new AlertStore.Totals(1, 0, 0, 1));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void subjects_and_types_are_separate_alerts(TestDatabases kind) {
        open(kind);
        book.record(failure(ServiceId.MDBLIST, ErrorType.CONFIGURATION, "list-1"));
        book.record(failure(ServiceId.MDBLIST, ErrorType.CONFIGURATION, "list-2"));
        book.record(failure(ServiceId.MDBLIST, ErrorType.OUTAGE, ""));
        assertThat(queries.open(AlertStore.Filter.service("mdblist"))).hasSize(3);
        assertThat(queries.totals()).isEqualTo(new AlertStore.Totals(2, 0, 1, 3));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void one_service_and_type_with_two_subjects_counts_each_subject_on_its_own_alert(TestDatabases kind) {
        open(kind);
        for (String subject : List.of("list-1", "list-2", "list-1", "list-2", "list-1")) {
            book.record(failure(ServiceId.MDBLIST, ErrorType.CONFIGURATION, subject));
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(queries.open(AlertStore.Filter.service("mdblist")))
                .extracting(Alert::subject, Alert::count)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("list-1", 3L),
                        org.assertj.core.groups.Tuple.tuple("list-2", 2L));

        book.stop();
        List<Map<String, Object>> stored = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT subject, occurrences FROM alerts ORDER BY subject").mapToMap().list());
        assertThat(stored).extracting(r -> r.get("subject"), r -> ((Number) r.get("occurrences")).longValue())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("list-1", 3L),
                        org.assertj.core.groups.Tuple.tuple("list-2", 2L));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void the_version_moves_with_every_change_a_read_can_see_and_only_then(TestDatabases kind) {
        open(kind);
        long start = book.version();
        book.record(failure(ServiceId.OMDB, ErrorType.RATE_LIMIT, ""));
        long opened = book.version();
        assertThat(opened).isGreaterThan(start);
        queries.open(AlertStore.Filter.none());
        queries.totals();
        assertThat(book.version()).as("reads change nothing").isEqualTo(opened);

        book.record(failure(ServiceId.OMDB, ErrorType.RATE_LIMIT, ""));
        long counted = book.version();
        assertThat(counted).as("a count held in memory").isGreaterThan(opened);
        book.dismiss(queries.open(AlertStore.Filter.none()).get(0).id());
        long dismissed = book.version();
        assertThat(dismissed).isGreaterThan(counted);
        book.resolve(ServiceId.OMDB, Resolution.TEST_CONNECTION, false);
        assertThat(book.version()).isGreaterThan(dismissed);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void dismissed_alert_is_hidden_but_keeps_counting_until_resolved_then_a_new_one_opens(TestDatabases kind) {
        open(kind);
        book.record(failure(ServiceId.OMDB, ErrorType.RATE_LIMIT, ""));
        String id = queries.open(AlertStore.Filter.none()).get(0).id();
        assertThat(book.dismiss(id)).isTrue();
        assertThat(queries.open(AlertStore.Filter.none())).isEmpty();
        assertThat(queries.totals().total()).isZero();

        book.record(failure(ServiceId.OMDB, ErrorType.RATE_LIMIT, ""));
        assertThat(queries.open(AlertStore.Filter.none())).isEmpty();
        assertThat(book.find(id).orElseThrow().count()).isEqualTo(2);

        assertThat(book.resolve(ServiceId.OMDB, Resolution.TEST_CONNECTION, false)).hasSize(1);
        Alert done = book.find(id).orElseThrow();
        assertThat(done.resolution()).isEqualTo(Resolution.TEST_CONNECTION);
        assertThat(done.dismissalReason()).isEqualTo("manual");

        book.record(failure(ServiceId.OMDB, ErrorType.RATE_LIMIT, ""));
        List<Alert> open = queries.open(AlertStore.Filter.none());
        assertThat(open).singleElement().satisfies(a -> {
            assertThat(a.id()).isNotEqualTo(id);
            assertThat(a.count()).isEqualTo(1);
        });
        assertThat(queries.history(Optional.empty(), 10)).extracting(Alert::id).containsExactly(id);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void resolve_respecting_reset_keeps_a_rate_limit_whose_reset_is_ahead(TestDatabases kind) {
        open(kind);
        Outcome.Failure f = new Outcome.Failure(ErrorType.RATE_LIMIT, "25", 429, "slow down", "wait")
                .withResetAt(clock.instant().plusSeconds(60));
        book.record(new Occurrence(ServiceId.TMDB, f,
                new RequestDetails("GET", "u", Map.of(), 429, "", 1), null, clock.instant()));
        book.record(failure(ServiceId.TMDB, ErrorType.OUTAGE, ""));

        assertThat(book.resolve(ServiceId.TMDB, Resolution.HEALTH_CHECK, true)).extracting(Alert::type)
                .containsExactly(ErrorType.OUTAGE);
        clock.advance(Duration.ofSeconds(61));
        assertThat(book.resolve(ServiceId.TMDB, Resolution.HEALTH_CHECK, true)).extracting(Alert::type)
                .containsExactly(ErrorType.RATE_LIMIT);
        assertThat(resolved).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_storm_of_identical_failures_keeps_its_exact_count_in_few_error_rows(TestDatabases kind) {
        open(kind);
        for (int i = 0; i < 500; i++) {
            book.record(failure(ServiceId.TMDB, ErrorType.AUTHENTICATION, ""));
            clock.advance(Duration.ofMillis(250));
        }
        Alert alert = queries.open(AlertStore.Filter.none()).get(0);
        assertThat(alert.count()).isEqualTo(500);
        ErrorLog.Page page = book.errors(new ErrorLog.Filter(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(alert.id())), 100, Optional.empty());
        // 125 s of failures at most one row per 60 s window: 3 rows holding all 500.
        assertThat(page.errors()).hasSize(3);
        assertThat(page.errors().stream().mapToLong(ErrorRecord::occurrences).sum()).isEqualTo(500);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void concurrent_writers_never_open_two_alerts_for_one_key(TestDatabases kind) throws Exception {
        open(kind);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    book.record(failure(ServiceId.TRAKT, ErrorType.OUTAGE, ""));
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(queries.ongoing("trakt")).singleElement().extracting(Alert::count).isEqualTo(400L);
        assertThat(opened).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void retention_deletes_resolved_and_dismissed_alerts_seven_days_later_with_their_records(TestDatabases kind) {
        open(kind);
        Retention retention = new Retention(book, Duration.ofDays(7));
        book.record(failure(ServiceId.TMDB, ErrorType.AUTHENTICATION, ""));
        book.record(failure(ServiceId.OMDB, ErrorType.OUTAGE, ""));
        book.record(failure(ServiceId.TRAKT, ErrorType.OUTAGE, ""));
        book.resolve(ServiceId.TMDB, Resolution.TEST_CONNECTION, false);
        book.dismissService(ServiceId.OMDB);

        clock.advance(Duration.ofDays(7).minusMinutes(1));
        assertThat(retention.run()).isEqualTo(new Retention.Purged(0, 0));
        clock.advance(Duration.ofMinutes(2));
        assertThat(retention.run()).isEqualTo(new Retention.Purged(2, 2));

        assertThat(queries.history(Optional.empty(), 10)).isEmpty();
        assertThat(queries.open(AlertStore.Filter.none())).extracting(Alert::service).containsExactly("trakt");
        long rows = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM error_records").mapTo(Long.class).one());
        assertThat(rows).isEqualTo(1);
    }
}
