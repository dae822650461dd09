package dev.aperture.alerts;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The dashboard's error figures, summed by the database per bucket, on SQLite and on PostgreSQL alike. */
class ErrorStatsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-14T15:09:26Z"));
    private TestDatabases.Target target;
    private Database db;
    private AlertStore store;

    @AfterEach
    void close() {
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

    private void open(TestDatabases kind) {
        target = kind.create();
        db = target.open();
        store = new AlertStore(db, clock, AlertListener.NONE, Json.newMapper());
        store.start();
    }

    private void fail(ServiceId service, ErrorType type, int times) {
        Outcome.Failure f = new Outcome.Failure(type, "7", 401, "Invalid API key", "Update key", Optional.empty(), null);
        for (int i = 0; i < times; i++) {
            store.record(new Occurrence(service, f, new RequestDetails("GET", "https://api.example/3/x", Map.of(), 401,
                    "{}", 12), null, clock.instant()));
        }
    }

    private void recordTheAfternoon() {
        fail(ServiceId.TMDB, ErrorType.AUTHENTICATION, 3);
        clock.advance(Duration.ofMinutes(10)); // past the minute one error record aggregates: a second record
        fail(ServiceId.TMDB, ErrorType.AUTHENTICATION, 1);
        clock.set(Instant.parse("2026-03-14T16:05:00Z"));
        fail(ServiceId.TMDB, ErrorType.AUTHENTICATION, 2);
        fail(ServiceId.OMDB, ErrorType.RATE_LIMIT, 1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void records_of_one_hour_add_up_to_one_point_at_their_earliest_occurrence(TestDatabases kind) {
        open(kind);
        recordTheAfternoon();

        assertThat(store.errorsSince(Instant.parse("2026-03-14T14:00:00Z"), Duration.ofHours(1))).containsExactly(
                new ErrorStats.Point(Instant.parse("2026-03-14T15:09:26Z"), "tmdb", ErrorType.AUTHENTICATION, 4),
                new ErrorStats.Point(Instant.parse("2026-03-14T16:05:00Z"), "omdb", ErrorType.RATE_LIMIT, 1),
                new ErrorStats.Point(Instant.parse("2026-03-14T16:05:00Z"), "tmdb", ErrorType.AUTHENTICATION, 2));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_day_bucket_adds_up_the_whole_utc_day_and_records_before_the_start_are_left_out(TestDatabases kind) {
        open(kind);
        recordTheAfternoon();

        assertThat(store.errorsSince(Instant.parse("2026-03-13T00:00:00Z"), Duration.ofDays(1))).containsExactly(
                new ErrorStats.Point(Instant.parse("2026-03-14T15:09:26Z"), "tmdb", ErrorType.AUTHENTICATION, 6),
                new ErrorStats.Point(Instant.parse("2026-03-14T16:05:00Z"), "omdb", ErrorType.RATE_LIMIT, 1));
        assertThat(store.errorsSince(Instant.parse("2026-03-14T15:30:00Z"), Duration.ofDays(1))).containsExactly(
                new ErrorStats.Point(Instant.parse("2026-03-14T16:05:00Z"), "omdb", ErrorType.RATE_LIMIT, 1),
                new ErrorStats.Point(Instant.parse("2026-03-14T16:05:00Z"), "tmdb", ErrorType.AUTHENTICATION, 2));
    }
}
