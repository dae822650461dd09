package dev.aperture.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The job engine's guarantees, through the REST API: one run at a time, cancel, restart, schedules. */
@Execution(ExecutionMode.CONCURRENT)
class JobEngineTest {

    private static final String FILM = "{\"Title\":\"Film\",\"Ratings\":[],\"Metascore\":\"70\",\"imdbRating\":\"7.0\","
            + "\"Awards\":\"N/A\",\"Response\":\"True\"}";

    private final FakeServer omdb = new FakeServer();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger served = new AtomicInteger();
    private AppFixture fixture;

    @AfterEach
    void close() {
        release.countDown();
        if (fixture != null) {
            fixture.close();
        }
        omdb.close();
    }

    /** Five items; OMDb answers two at once and holds the third until the test releases it. */
    private RestClient start(TestDatabases kind) {
        fixture = new AppFixture(kind);
        omdb.answer("/", r -> {
            if (served.incrementAndGet() == 3) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Response.json(200, FILM);
        });
        RestClient api = fixture.api;
        api.put("/api/integrations/omdb", "{\"apiKey\":\"omdbkey9\",\"baseUrl\":\"" + omdb.baseUrl() + "\"}");
        api.post("/api/library/import", "[{\"type\":\"movie\",\"title\":\"A\",\"imdbId\":\"tt0000001\"},"
                + "{\"type\":\"movie\",\"title\":\"B\",\"imdbId\":\"tt0000002\"},{\"type\":\"movie\",\"title\":\"C\","
                + "\"imdbId\":\"tt0000003\"},{\"type\":\"movie\",\"title\":\"D\",\"imdbId\":\"tt0000004\"},"
                + "{\"type\":\"movie\",\"title\":\"E\",\"imdbId\":\"tt0000005\"}]");
        return api;
    }

    private static JsonNode awaitEnd(RestClient api, String runId) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                !api.get("/api/jobs/runs/" + runId).json().get("status").asText().equals("running"));
        return api.get("/api/jobs/runs/" + runId).json();
    }

    private String awaitThirdCall(RestClient api) {
        String runId = api.post("/api/jobs/enrich-metadata/run", "").json().get("runId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> served.get() >= 3);
        JsonNode run = api.get("/api/jobs/runs/" + runId).json();
        assertThat(run.get("status").asText()).isEqualTo("running");
        assertThat(run.at("/counts/done").asInt()).isEqualTo(2);
        assertThat(run.at("/progress/percent").asInt()).isEqualTo(40);
        assertThat(run.at("/progress/currentStep").asText()).isEqualTo("B");
        return runId;
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_second_run_of_a_running_job_is_refused_and_cancel_leaves_the_rest_pending(TestDatabases kind) {
        RestClient api = start(kind);
        String runId = awaitThirdCall(api);
        RestClient.Reply second = api.post("/api/jobs/enrich-metadata/run", "");
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("error").asText()).contains("already running");
        assertThat(api.get("/api/jobs").json()).anySatisfy(j -> {
            assertThat(j.get("name").asText()).isEqualTo("enrich-metadata");
            assertThat(j.get("running").asBoolean()).isTrue();
        });

        assertThat(api.post("/api/jobs/runs/" + runId + "/cancel", "").status()).isEqualTo(202);
        release.countDown();
        JsonNode run = awaitEnd(api, runId);
        assertThat(run.get("status").asText()).isEqualTo("cancelled");
        assertThat(run.at("/counts/done").asInt()).isEqualTo(3);
        assertThat(run.at("/counts/pending").asInt()).isEqualTo(2);
        assertThat(api.post("/api/jobs/runs/" + runId + "/cancel", "").status()).isEqualTo(409);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_run_stopped_by_a_restart_is_interrupted_and_retry_resumes_only_the_unfinished_items(TestDatabases kind) {
        RestClient api = start(kind);
        String runId = awaitThirdCall(api);
        fixture.restart();
        api = fixture.api;
        JsonNode run = api.get("/api/jobs/runs/" + runId).json();
        assertThat(run.get("status").asText()).isEqualTo("interrupted");
        assertThat(run.at("/counts/done").asInt()).isEqualTo(2);
        assertThat(api.get("/api/jobs/runs/" + runId + "/items?status=done").json().get("items")).hasSize(2);
        assertThat(api.get("/api/alerts").json().get("alerts")).as("a restart is not an OMDb outage").isEmpty();

        release.countDown();
        String resumed = api.post("/api/jobs/runs/" + runId + "/retry", "").json().get("runId").asText();
        JsonNode done = awaitEnd(api, resumed);
        assertThat(done.get("status").asText()).isEqualTo("succeeded");
        assertThat(done.get("total").asInt()).isEqualTo(3);
        // 3 calls before the restart (the third was in flight), 3 after: nothing done twice but that one.
        assertThat(omdb.requests()).hasSize(6);
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabases.class, names = "SQLITE")
    void schedules_are_editable_validated_and_a_missed_schedule_runs_once(TestDatabases kind) {
        RestClient api = start(kind);
        JsonNode jobs = api.get("/api/jobs").json();
        assertThat(jobs).extracting(j -> j.get("name").asText())
                .contains("sync-library", "enrich-metadata", "housekeeping");
        JsonNode edited = api.put("/api/jobs/enrich-metadata", "{\"schedule\":\"every 2h\"}").json();
        assertThat(edited.get("schedule").asText()).isEqualTo("every 2h");
        assertThat(edited.get("nextRunAt").asText()).isEqualTo("2026-03-14T17:09:26Z");
        assertThat(api.put("/api/jobs/enrich-metadata", "{\"schedule\":\"sometimes\"}").json().get("error").asText())
                .startsWith("schedule");
        assertThat(api.put("/api/jobs/enrich-metadata", "{\"enabled\":false}").json().get("enabled").asBoolean())
                .isFalse();
        assertThat(api.put("/api/jobs/housekeeping", "{\"schedule\":\"weekly sun 03:00\"}").json().get("nextRunAt")
                .asText()).isEqualTo("2026-03-15T03:00:00Z");
        api.put("/api/jobs/housekeeping", "{\"schedule\":\"every 1h\"}");

        fixture.clock.advance(Duration.ofHours(5));
        fixture.app.jobs.tick();
        fixture.app.jobs.tick();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.get("/api/jobs/runs?job=housekeeping&status=succeeded").json().get("runs").size() == 1);
        fixture.app.jobs.tick();
        JsonNode runs = api.get("/api/jobs/runs?job=housekeeping").json().get("runs");
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).get("trigger").asText()).isEqualTo("schedule");
        assertThat(api.get("/api/jobs/runs?job=enrich-metadata").json().get("runs")).as("disabled").isEmpty();
        assertThat(api.get("/api/jobs/runs?status=sideways").status()).isEqualTo(400);
        assertThat(api.get("/api/jobs/runs/nope").status()).isEqualTo(404);
    }
}
