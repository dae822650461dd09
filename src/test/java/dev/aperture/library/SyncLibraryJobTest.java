package dev.aperture.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** sync-library against a fake Jellyfin answering /Items as Jellyfin does. */
class SyncLibraryJobTest {

    private final FakeServer jellyfin = new FakeServer();
    private final AppFixture fixture = new AppFixture(TestDatabases.SQLITE);

    @AfterEach
    void close() {
        fixture.close();
        jellyfin.close();
    }

    private static String page(int start, int count, int total) {
        StringBuilder items = new StringBuilder();
        for (int i = start; i < Math.min(total, start + count); i++) {
            items.append(i > start ? "," : "").append("{\"Name\":\"Title ").append(i).append("\",\"Id\":\"jf").append(i)
                    .append("\",\"Type\":\"").append(i % 3 == 0 ? "Series" : "Movie").append("\",\"ProductionYear\":")
                    .append(1990 + i % 30).append(",\"ProviderIds\":{\"Imdb\":\"tt10").append(String.format("%05d", i))
                    .append("\",\"Tmdb\":\"").append(1000 + i).append("\"}}");
        }
        return "{\"Items\":[" + items + "],\"TotalRecordCount\":" + total + ",\"StartIndex\":" + start + "}";
    }

    @Test
    void the_library_is_read_page_by_page_with_provider_ids_and_the_api_key_header() {
        jellyfin.answer("/Items", r -> {
            int start = Integer.parseInt(r.query().replaceAll(".*StartIndex=(\\d+).*", "$1"));
            int limit = Integer.parseInt(r.query().replaceAll(".*Limit=(\\d+).*", "$1"));
            return Response.json(200, page(start, limit, 450));
        });
        fixture.api.put("/api/integrations/mediaserver", "{\"baseUrl\":\"" + jellyfin.baseUrl()
                + "\",\"apiKey\":\"jellyfin-api-key-0001\"}");
        String runId = fixture.api.post("/api/jobs/sync-library/run", "").json().get("runId").asText();
        JsonNode run = EnrichMetadataJobTest.awaitEnd(fixture.api, runId);
        assertThat(run.get("status").asText()).isEqualTo("succeeded");
        assertThat(run.get("total").asInt()).isEqualTo(3);
        // The admin counts titles: the log says 450 of them, in pages of 200, and each page names its titles.
        assertThat(fixture.api.get("/api/jobs/runs/" + runId + "/logs").json().get("logs"))
                .anySatisfy(l -> assertThat(l.get("message").asText())
                        .isEqualTo("The media server lists 450 titles: reading them 200 at a time (3 pages)"));
        assertThat(fixture.api.get("/api/jobs/runs/" + runId + "/items").json().get("items"))
                .anySatisfy(i -> assertThat(i.get("label").asText()).isEqualTo("Titles 401–450 of 450"));
        JsonNode items = fixture.api.get("/api/library").json().get("items");
        assertThat(items).hasSize(450);
        assertThat(items).anySatisfy(i -> {
            assertThat(i.get("title").asText()).isEqualTo("Title 3");
            assertThat(i.get("type").asText()).isEqualTo("series");
            assertThat(i.get("imdbId").asText()).isEqualTo("tt1000003");
            assertThat(i.get("tmdbId").asText()).isEqualTo("1003");
            assertThat(i.get("mediaServerId").asText()).isEqualTo("jf3");
        });
        assertThat(jellyfin.lastRequest().header("x-emby-token")).isEqualTo("jellyfin-api-key-0001");
        assertThat(jellyfin.lastRequest().query()).contains("IncludeItemTypes=Movie%2CSeries").contains("Recursive=true");

        String again = fixture.api.post("/api/jobs/sync-library/run", "").json().get("runId").asText();
        assertThat(EnrichMetadataJobTest.awaitEnd(fixture.api, again).get("status").asText()).isEqualTo("succeeded");
        assertThat(fixture.api.get("/api/library").json().get("items")).hasSize(450);
    }

    @Test
    void progress_counts_the_titles_of_the_pages_read_out_of_the_total_record_count() throws Exception {
        CountDownLatch lastPageAsked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        jellyfin.answer("/Items", r -> {
            int start = Integer.parseInt(r.query().replaceAll(".*StartIndex=(\\d+).*", "$1"));
            int limit = Integer.parseInt(r.query().replaceAll(".*Limit=(\\d+).*", "$1"));
            if (start == 400) {
                // The third page is held so the run can be looked at with two pages (400 titles) read.
                lastPageAsked.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Response.json(200, page(start, limit, 450));
        });
        fixture.api.put("/api/integrations/mediaserver", "{\"baseUrl\":\"" + jellyfin.baseUrl()
                + "\",\"apiKey\":\"jellyfin-api-key-0001\"}");
        String runId = fixture.api.post("/api/jobs/sync-library/run", "").json().get("runId").asText();
        try {
            assertThat(lastPageAsked.await(20, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(fixture.api
                    .get("/api/jobs/runs/" + runId).json().get("progress").get("done").asInt()).isEqualTo(400));
            JsonNode progress = fixture.api.get("/api/jobs/runs/" + runId).json().get("progress");
            assertThat(progress.get("total").asInt()).isEqualTo(450);
            assertThat(progress.get("unit").asText()).isEqualTo("titles");
            assertThat(progress.get("percent").asInt()).isEqualTo(88);
            String live = session().get("/jobs/runs/" + runId + "/live").body();
            assertThat(live).contains("400 of 450 titles (88%)").contains("Read in 3 pages")
                    .doesNotContain("of 3 items");
        } finally {
            release.countDown();
        }
        JsonNode run = EnrichMetadataJobTest.awaitEnd(fixture.api, runId);
        assertThat(run.get("status").asText()).isEqualTo("succeeded");
        assertThat(run.get("progress").get("done").asInt()).isEqualTo(450);
        assertThat(run.get("counts").get("total").asInt()).isEqualTo(3);
        assertThat(session().get("/jobs/runs/" + runId).body()).contains("450 of 450 titles (100%)");
    }

    private RestClient session() {
        RestClient.Reply login = RestClient.anonymous(fixture.baseUrl()).post("/api/auth/login",
                "{\"username\":\"admin\",\"password\":\"" + AppFixture.ADMIN_PASSWORD + "\"}");
        return new RestClient(fixture.baseUrl(), Map.of("Cookie", login.headers().get("set-cookie").get(0).split(";")[0]));
    }

    @Test
    void a_rejected_key_fails_the_run_at_planning_with_an_alert_linked_from_the_log() {
        jellyfin.answer("/Items", Response.of(401, "text/plain", ""));
        fixture.api.put("/api/integrations/mediaserver", "{\"baseUrl\":\"" + jellyfin.baseUrl()
                + "\",\"apiKey\":\"jellyfin-api-key-0001\"}");
        String runId = fixture.api.post("/api/jobs/sync-library/run", "").json().get("runId").asText();
        JsonNode run = EnrichMetadataJobTest.awaitEnd(fixture.api, runId);
        assertThat(run.get("status").asText()).isEqualTo("failed");
        // The reason in words, never a Java record's toString.
        assertThat(run.get("summary").asText()).startsWith("Could not plan the run: the media server did not list "
                + "the library — library: ").doesNotContain("Failed[").doesNotContain("service=");
        JsonNode alert = fixture.api.get("/api/alerts").json().at("/alerts/0");
        assertThat(alert.get("title").asText()).isEqualTo("Media Server Authentication Error");
        assertThat(fixture.api.get("/api/jobs/runs/" + runId + "/logs").json().get("logs"))
                .anySatisfy(l -> assertThat(l.get("alertId").asText()).isEqualTo(alert.get("id").asText()));
    }

    @Test
    void a_job_whose_service_is_not_configured_cannot_start() {
        var reply = fixture.api.post("/api/jobs/sync-library/run", "");
        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().get("error").asText()).contains("Media Server");
        assertThat(fixture.api.post("/api/jobs/no-such-job/run", "").status()).isEqualTo(404);
    }
}
