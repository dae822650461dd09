package dev.aperture.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.logs.LocalTimes;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a run says to the admin, in its log, its summary and on its page: words, local times, the right button. */
class RunWordsTest {

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

    private void start(boolean configured) {
        fixture = new AppFixture(TestDatabases.SQLITE);
        api = fixture.api;
        if (configured) {
            assertThat(api.put("/api/integrations/tmdb", "{\"apiKey\":\"" + EnrichmentFakes.TMDB_KEY
                    + "\",\"baseUrl\":\"" + fakes.tmdb.baseUrl() + "\"}").status()).isEqualTo(200);
            assertThat(api.put("/api/integrations/omdb", "{\"apiKey\":\"" + EnrichmentFakes.OMDB_KEY
                    + "\",\"baseUrl\":\"" + fakes.omdb.baseUrl() + "\"}").status()).isEqualTo(200);
        }
        StringBuilder items = new StringBuilder("[");
        for (int i = 1; i <= 5; i++) {
            items.append(i > 1 ? "," : "").append("{\"type\":\"movie\",\"title\":\"Film ").append(i)
                    .append("\",\"year\":1999,\"imdbId\":\"tt000000").append(i).append("\",\"tmdbId\":\"60")
                    .append(i).append("\"}");
        }
        assertThat(api.post("/api/library/import", items.append("]").toString()).status()).isEqualTo(200);
    }

    private String run(String body) {
        RestClient.Reply r = api.post("/api/jobs/enrich-metadata/run", body);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return EnrichMetadataJobTest.awaitEnd(api, r.json().get("runId").asText()).get("id").asText();
    }

    private List<String> log(String runId) {
        List<String> lines = new ArrayList<>();
        api.get("/api/jobs/runs/" + runId + "/logs").json().get("logs").forEach(l -> lines.add(l.get("message").asText()));
        return lines;
    }

    /** The run's page as the admin's browser gets it. */
    private String page(String runId) {
        RestClient browser = fixture.browserSession();
        RestClient.Reply page = browser.get("/jobs/runs/" + runId);
        assertThat(page.status()).isEqualTo(200);
        return page.body();
    }

    @Test
    void an_outage_counts_the_attempt_that_failed_from_one_and_the_last_line_says_the_status_in_words() {
        start(true);
        fakes.tmdbDown.add("602");
        String runId = run("");
        List<String> log = log(runId);
        assertThat(log).anySatisfy(l -> assertThat(l).contains("attempt 1 of 3 failed; trying again in 2 s"))
                .anySatisfy(l -> assertThat(l).contains("attempt 2 of 3 failed; trying again in 4 s"))
                .noneSatisfy(l -> assertThat(l).contains("attempt 3 of 3 failed; trying again"))
                .anySatisfy(l -> assertThat(l).startsWith("Run completed with errors: 4 done"))
                .noneSatisfy(l -> assertThat(l).contains("completed_with_errors"));

        String page = page(runId);
        assertThat(page).contains(">Retry 1 failed</button>").contains(">Run again</button>")
                .doesNotContain("Retry failed items").doesNotContain("Resume");
    }

    @Test
    void a_quota_gone_until_midnight_says_the_reset_in_local_time_and_the_page_offers_to_resume_the_pending_items() {
        start(true);
        fakes.mode.set(EnrichmentFakes.Mode.OMDB_QUOTA_AFTER_TWO);
        String runId = run("");
        Instant reset = Instant.parse("2026-03-15T00:00:00Z");
        assertThat(log(runId)).anySatisfy(l -> assertThat(l).contains("OMDb Rate Limit Error")
                        .contains("resets at " + LocalTimes.at(reset, fixture.clock.instant())))
                .noneSatisfy(l -> assertThat(l).contains("2026-03-15T00:00:00Z"));

        String page = page(runId);
        assertThat(page).contains(">Resume 3 pending</button>").doesNotContain("Retry 0 failed")
                .doesNotContain("Retry failed items");
    }

    @Test
    void a_run_that_cannot_start_its_work_says_why_in_its_summary_and_offers_to_run_again() {
        start(false);
        String runId = run("");
        JsonNode run = api.get("/api/jobs/runs/" + runId).json();
        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("summary").asText()).isEqualTo("Could not plan the run: neither TMDb nor OMDb is configured "
                + "(Settings → Integrations)");
        String page = page(runId);
        assertThat(page).contains("neither TMDb nor OMDb is configured").contains(">Run again</button>")
                .doesNotContain("0 done, 0 not found, 0 failed, 0 pending");
    }

    @Test
    void a_run_started_through_the_api_says_who_started_it() {
        start(true);
        assertThat(api.get("/api/jobs/runs/" + run("{\"startedBy\":\"demo script\"}")).json().get("trigger").asText())
                .isEqualTo("demo script, admin");
        assertThat(api.get("/api/jobs/runs/" + run("")).json().get("trigger").asText()).isEqualTo("API, admin");
        RestClient.Reply tooLong = api.post("/api/jobs/enrich-metadata/run", "{\"startedBy\":\"" + "x".repeat(41) + "\"}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("error").asText()).startsWith("startedBy");
    }
}
