package dev.aperture.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** enrich-metadata through the REST API against fake TMDb and OMDb, with the run's error policy. */
@Execution(ExecutionMode.CONCURRENT)
class EnrichMetadataJobTest {

    private final EnrichmentFakes fakes = new EnrichmentFakes();
    private AppFixture fixture;
    private RestClient api;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
        fakes.close();
    }

    private void start(TestDatabases kind) {
        fixture = new AppFixture(kind);
        api = fixture.api;
        assertThat(api.put("/api/integrations/tmdb", "{\"apiKey\":\"" + EnrichmentFakes.TMDB_KEY + "\",\"baseUrl\":\""
                + fakes.tmdb.baseUrl() + "\"}").status()).isEqualTo(200);
        assertThat(api.put("/api/integrations/omdb", "{\"apiKey\":\"" + EnrichmentFakes.OMDB_KEY + "\",\"baseUrl\":\""
                + fakes.omdb.baseUrl() + "\"}").status()).isEqualTo(200);
        StringBuilder items = new StringBuilder("[");
        for (int i = 1; i <= 5; i++) {
            items.append(i > 1 ? "," : "").append("{\"type\":\"movie\",\"title\":\"Film ").append(i)
                    .append("\",\"year\":1999,\"imdbId\":\"tt000000").append(i).append("\",\"tmdbId\":\"60")
                    .append(i).append("\"}");
        }
        JsonNode imported = api.post("/api/library/import", items.append("]").toString()).json();
        assertThat(imported.get("added").asInt()).isEqualTo(5);
    }

    static JsonNode awaitEnd(RestClient api, String runId) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                !api.get("/api/jobs/runs/" + runId).json().get("status").asText().equals("running"));
        return api.get("/api/jobs/runs/" + runId).json();
    }

    private String run(String job) {
        RestClient.Reply r = api.post("/api/jobs/" + job + "/run", "");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("runId").asText();
    }

    private JsonNode item(String imdbId) {
        for (JsonNode n : api.get("/api/library").json().get("items")) {
            if (imdbId.equals(n.get("imdbId").asText())) {
                return n;
            }
        }
        throw new AssertionError("no item " + imdbId);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_run_that_succeeds_stores_the_data_and_resolves_the_services_open_alerts(TestDatabases kind) {
        start(kind);
        fakes.mode.set(EnrichmentFakes.Mode.OMDB_DOWN);
        api.post("/api/integrations/omdb/test", "");
        assertThat(api.get("/api/alerts?service=omdb").json().at("/alerts/0/type").asText()).isEqualTo("outage");
        fakes.mode.set(EnrichmentFakes.Mode.OK);

        JsonNode run = awaitEnd(api, run("enrich-metadata"));
        assertThat(run.get("status").asText()).isEqualTo("succeeded");
        assertThat(run.at("/counts/done").asInt()).isEqualTo(5);
        assertThat(run.at("/counts/pending").asInt()).isZero();
        JsonNode film = item("tt0000001");
        assertThat(film.get("overview").asText()).isEqualTo("Overview of 601");
        assertThat(film.get("genres").asText()).isEqualTo("Action, Science Fiction");
        assertThat(film.get("keywords").asText()).isEqualTo("artificial intelligence");
        assertThat(film.get("rottenTomatoes").asText()).isEqualTo("83%");
        assertThat(film.get("metacritic").asText()).isEqualTo("73");
        assertThat(film.get("awards").asText()).startsWith("Won 4 Oscars");
        assertThat(fakes.tmdb.lastRequest().query()).contains("api_key=" + EnrichmentFakes.TMDB_KEY)
                .contains("append_to_response=keywords");
        assertThat(fakes.omdb.lastRequest().query()).contains("apikey=" + EnrichmentFakes.OMDB_KEY);

        assertThat(api.get("/api/alerts?service=omdb").json().get("alerts")).isEmpty();
        assertThat(api.get("/api/alerts/history?service=omdb").json().at("/alerts/0/resolution").asText())
                .isEqualTo("job");
    }

    @Test
    void omdb_quota_running_out_mid_run_leaves_the_rest_pending_keeps_tmdb_data_and_retry_finishes_it() {
        start(TestDatabases.SQLITE);
        fakes.mode.set(EnrichmentFakes.Mode.OMDB_QUOTA_AFTER_TWO);
        String runId = run("enrich-metadata");
        JsonNode run = awaitEnd(api, runId);
        assertThat(run.get("status").asText()).isEqualTo("completed_with_errors");
        assertThat(run.at("/counts/done").asInt()).isEqualTo(2);
        assertThat(run.at("/counts/failed").asInt()).isZero();
        assertThat(run.at("/counts/pending").asInt()).isEqualTo(3);
        // OMDb was asked once more after the refusal, never again: the run stopped calling it.
        assertThat(fakes.omdb.requests()).hasSize(3);

        JsonNode alert = api.get("/api/alerts?service=omdb").json().at("/alerts/0");
        assertThat(alert.get("type").asText()).isEqualTo("rate_limit");
        assertThat(alert.get("resetAt").asText()).isEqualTo("2026-03-15T00:00:00Z");
        assertThat(alert.get("jobRunId").asText()).isEqualTo(runId);
        List<JsonNode> linked = new ArrayList<>();
        api.get("/api/jobs/runs/" + runId + "/logs").json().get("logs").forEach(l -> {
            if (!l.get("alertId").isNull()) {
                linked.add(l);
            }
        });
        assertThat(linked).singleElement().satisfies(l -> {
            assertThat(l.get("alertId").asText()).isEqualTo(alert.get("id").asText());
            assertThat(l.get("message").asText()).contains("OMDb Rate Limit Error").contains("pending");
        });
        assertThat(api.get("/api/errors?jobRunId=" + runId).json().at("/errors/0/jobRunId").asText()).isEqualTo(runId);

        JsonNode pending = api.get("/api/jobs/runs/" + runId + "/items?status=pending").json().get("items");
        assertThat(pending).hasSize(3);
        String pendingId = pending.get(0).get("item").asText();
        JsonNode partial = api.get("/api/library/" + pendingId).json();
        assertThat(partial.get("overview").asText()).startsWith("Overview of");
        assertThat(partial.get("omdbEnrichedAt").isNull()).isTrue();

        fakes.mode.set(EnrichmentFakes.Mode.OK);
        fixture.clock.set(Instant.parse("2026-03-15T00:00:01Z"));
        int tmdbCallsBefore = fakes.tmdb.requests().size();
        RestClient.Reply retry = api.post("/api/jobs/runs/" + runId + "/retry", "");
        assertThat(retry.status()).isEqualTo(202);
        JsonNode second = awaitEnd(api, retry.json().get("runId").asText());
        assertThat(second.get("status").asText()).isEqualTo("succeeded");
        assertThat(second.get("total").asInt()).isEqualTo(3);
        assertThat(second.get("parentRunId").asText()).isEqualTo(runId);
        assertThat(fakes.omdb.requests()).hasSize(6);
        // TMDb data of the three items was already stored in the first run and is still fresh.
        assertThat(fakes.tmdb.requests()).hasSize(tmdbCallsBefore);
        assertThat(api.get("/api/alerts?service=omdb").json().get("alerts")).isEmpty();
    }

    @Test
    void a_rejected_tmdb_key_stops_tmdb_for_the_run_while_omdb_goes_on_and_nothing_is_marked_done() {
        start(TestDatabases.SQLITE);
        fakes.mode.set(EnrichmentFakes.Mode.TMDB_BAD_KEY);
        JsonNode run = awaitEnd(api, run("enrich-metadata"));
        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.at("/counts/done").asInt()).isZero();
        assertThat(run.at("/counts/pending").asInt()).isEqualTo(5);
        assertThat(fakes.tmdb.requests()).hasSize(1);
        assertThat(fakes.omdb.requests()).hasSize(5);
        assertThat(item("tt0000003").get("rottenTomatoes").asText()).isEqualTo("83%");
        assertThat(item("tt0000003").get("overview").isNull()).isTrue();
        assertThat(api.get("/api/alerts?service=tmdb").json().at("/alerts/0/type").asText()).isEqualTo("authentication");
        assertThat(run.get("summary").asText()).contains("stopped calling TMDb");
    }

    @Test
    void an_outage_is_retried_with_backoff_then_the_item_fails_and_the_others_are_done() {
        start(TestDatabases.SQLITE);
        fakes.tmdbDown.add("602");
        JsonNode run = awaitEnd(api, run("enrich-metadata"));
        assertThat(run.get("status").asText()).isEqualTo("completed_with_errors");
        assertThat(run.at("/counts/done").asInt()).isEqualTo(4);
        assertThat(run.at("/counts/failed").asInt()).isEqualTo(1);
        assertThat(fakes.tmdbRequestsFor("602")).isEqualTo(3);
        JsonNode failed = api.get("/api/jobs/runs/" + run.get("id").asText() + "/items?status=failed").json()
                .at("/items/0");
        assertThat(failed.get("service").asText()).isEqualTo("tmdb");
        assertThat(failed.get("alertId").asText()).isNotBlank();
        assertThat(item("tt0000002").get("tmdbEnrichedAt").isNull()).isTrue();

        fakes.tmdbDown.clear();
        JsonNode retry = awaitEnd(api, api.post("/api/jobs/runs/" + run.get("id").asText() + "/retry", "").json()
                .get("runId").asText());
        assertThat(retry.get("total").asInt()).isEqualTo(1);
        assertThat(retry.get("status").asText()).isEqualTo("succeeded");
        assertThat(fakes.tmdbRequestsFor("601")).isEqualTo(1);
    }

    @Test
    void a_title_no_service_knows_is_not_found_logged_without_an_alert() {
        start(TestDatabases.SQLITE);
        api.put("/api/integrations/tmdb", "{\"enabled\":false}");
        fakes.omdbUnknown.add("tt0000004");
        JsonNode run = awaitEnd(api, run("enrich-metadata"));
        assertThat(run.get("status").asText()).isEqualTo("succeeded");
        assertThat(run.at("/counts/notFound").asInt()).isEqualTo(1);
        assertThat(api.get("/api/alerts").json().get("alerts")).isEmpty();
        assertThat(api.get("/api/jobs/runs/" + run.get("id").asText() + "/logs").json().get("logs"))
                .anySatisfy(l -> assertThat(l.get("message").asText()).startsWith("Not found"));
        assertThat(fakes.tmdb.requests()).isEmpty();
    }

    @Test
    void previous_data_is_kept_when_a_later_refresh_fails() {
        start(TestDatabases.SQLITE);
        assertThat(awaitEnd(api, run("enrich-metadata")).get("status").asText()).isEqualTo("succeeded");
        fixture.clock.advance(Duration.ofDays(31));
        fakes.mode.set(EnrichmentFakes.Mode.OMDB_DOWN);
        JsonNode again = awaitEnd(api, run("enrich-metadata"));
        assertThat(again.get("status").asText()).isEqualTo("failed");
        assertThat(again.at("/counts/done").asInt()).isZero();
        // The first items fail after their retries; once the breaker cuts OMDb off, the rest stay pending.
        assertThat(again.at("/counts/failed").asInt()).isPositive();
        assertThat(again.at("/counts/failed").asInt() + again.at("/counts/pending").asInt()).isEqualTo(5);
        JsonNode film = item("tt0000005");
        assertThat(film.get("rottenTomatoes").asText()).isEqualTo("83%");
        assertThat(film.get("overview").asText()).isEqualTo("Overview of 605");
        assertThat(api.get("/api/alerts?service=omdb").json().at("/alerts/0/severity").asText()).isEqualTo("info");
    }
}
