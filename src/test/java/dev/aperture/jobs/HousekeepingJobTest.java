package dev.aperture.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.TestDatabases;
import java.time.Duration;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Job runs are pruned after their retention (30 days by default) by the housekeeping job. */
@Execution(ExecutionMode.CONCURRENT)
class HousekeepingJobTest {

    private static JsonNode runAndWait(AppFixture fixture) {
        String id = fixture.api.post("/api/jobs/housekeeping/run", "").json().get("runId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                !fixture.api.get("/api/jobs/runs/" + id).json().get("status").asText().equals("running"));
        return fixture.api.get("/api/jobs/runs/" + id).json();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void runs_older_than_thirty_days_are_deleted_with_their_items_and_logs(TestDatabases kind) {
        try (AppFixture fixture = new AppFixture(kind)) {
            JsonNode first = runAndWait(fixture);
            assertThat(first.get("status").asText()).isEqualTo("succeeded");
            assertThat(first.at("/counts/done").asInt()).isEqualTo(2);

            fixture.clock.advance(Duration.ofDays(29));
            runAndWait(fixture);
            assertThat(fixture.api.get("/api/jobs/runs?job=housekeeping").json().get("runs")).hasSize(2);

            fixture.clock.advance(Duration.ofDays(2));
            JsonNode third = runAndWait(fixture);
            assertThat(fixture.api.get("/api/jobs/runs?job=housekeeping").json().get("runs"))
                    .extracting(r -> r.get("id").asText()).doesNotContain(first.get("id").asText()).hasSize(2);
            assertThat(fixture.api.get("/api/jobs/runs/" + first.get("id").asText()).status()).isEqualTo(404);
            assertThat(fixture.api.get("/api/jobs/runs/" + third.get("id").asText() + "/items").json().get("items"))
                    .anySatisfy(i -> assertThat(i.get("detail").asText()).isEqualTo("deleted 1 job runs"));
            long orphanLogs = fixture.app.database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT COUNT(*) FROM job_run_logs WHERE run_id = :id").bind("id", first.get("id").asText())
                    .mapTo(Long.class).one());
            assertThat(orphanLogs).isZero();
        }
    }
}
