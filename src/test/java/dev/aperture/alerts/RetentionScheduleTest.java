package dev.aperture.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Occurrence;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.RequestDetails;
import dev.aperture.calls.ServiceId;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.TestDatabases;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Retention is a scheduled job (housekeeping) in the running app, not a button. */
@Execution(ExecutionMode.CONCURRENT)
class RetentionScheduleTest {

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void the_scheduler_purges_a_dismissed_alert_once_seven_days_have_passed(TestDatabases kind) {
        try (AppFixture fixture = new AppFixture(kind, Map.of("APERTURE_RETENTION_INTERVAL_SECONDS", "1",
                "APERTURE_JOB_TICK_SECONDS", "1"))) {
            Outcome.Failure f = new Outcome.Failure(ErrorType.OUTAGE, "503", 503, "down", "wait");
            String errorId = fixture.app.alerts.record(new Occurrence(ServiceId.OMDB, f,
                    new RequestDetails("GET", "https://www.omdbapi.com/", Map.of(), 503, "", 5), null,
                    fixture.clock.instant()), 1).errorId();
            String alertId = fixture.api.get("/api/alerts").json().at("/alerts/0/id").asText();
            assertThat(fixture.api.post("/api/alerts/" + alertId + "/dismiss", "").status()).isEqualTo(200);

            fixture.clock.advance(Duration.ofDays(7).plusHours(1));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(fixture.api.get("/api/alerts/history").json().get("alerts")).isEmpty());
            assertThat(fixture.api.get("/api/errors").json().get("errors")).isEmpty();
            long tasks = fixture.app.database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = 'job-ticker'").mapTo(Long.class).one());
            assertThat(tasks).isEqualTo(1);
            var runs = fixture.api.get("/api/jobs/runs?job=housekeeping").json().get("runs");
            assertThat(runs).isNotEmpty();
            assertThat(runs.get(0).get("trigger").asText()).isEqualTo("schedule");
            assertThat(errorId).isNotBlank();
        }
    }
}
