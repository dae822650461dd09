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
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A probe proves the service works, not that one user's token or one list is fine again. */
class SubjectResolutionTest {

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_passing_probe_resolves_service_alerts_but_leaves_a_users_token_alert_for_the_next_job(TestDatabases kind) {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-14T15:09:26Z"));
        try (TestDatabases.Target target = kind.create(); Database db = target.open()) {
            AlertStore book = new AlertStore(db, clock, AlertListener.NONE, Json.newMapper());
            book.start();
            RequestDetails details = new RequestDetails("GET", "https://api.trakt.tv/x", Map.of(), 401, "", 3);
            book.record(new Occurrence(ServiceId.TRAKT, new Outcome.Failure(ErrorType.AUTHENTICATION, "invalid_grant",
                    400, "bob must re-authorize", "re-connect").withSubject("bob"), details, null, clock.instant()));
            book.record(new Occurrence(ServiceId.TRAKT, new Outcome.Failure(ErrorType.OUTAGE, "503", 503, "down",
                    "wait"), details, null, clock.instant()));

            assertThat(book.resolve(ServiceId.TRAKT, Resolution.HEALTH_CHECK, true)).extracting(Alert::type)
                    .containsExactly(ErrorType.OUTAGE);
            assertThat(book.resolve(ServiceId.TRAKT, Resolution.TEST_CONNECTION, false)).isEmpty();
            assertThat(book.resolve(ServiceId.TRAKT, Resolution.JOB, false)).extracting(Alert::subject)
                    .containsExactly("bob");
            assertThat(book.ongoing("trakt")).isEmpty();
            book.stop();
        }
    }
}
