package dev.aperture.lists;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.JobRuns;
import dev.aperture.testing.TestDatabases;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RefreshMdblistListsJobTest {

    private static final String KEY = "mdblist-key-0123456789";
    private static final String MATRIX_LIST = "[{\"id\":603,\"rank\":1,\"adult\":0,\"title\":\"The Matrix\","
            + "\"imdb_id\":\"tt0133093\",\"tvdb_id\":null,\"mediatype\":\"movie\",\"release_year\":1999},"
            + "{\"id\":1399,\"rank\":2,\"adult\":0,\"title\":\"Game of Thrones\",\"imdb_id\":\"tt0944947\","
            + "\"tvdb_id\":121361,\"mediatype\":\"show\",\"release_year\":2011}]";
    private static final String NOLAN_LIST = "{\"movies\":[{\"id\":27205,\"rank\":1,\"title\":\"Inception\","
            + "\"imdb_id\":\"tt1375666\",\"mediatype\":\"movie\",\"release_year\":2010}],\"shows\":[]}";

    private final FakeServer mdblist = new FakeServer();
    private AppFixture fixture;
    private JobRuns runs;

    @AfterEach
    void close() {
        mdblist.close();
        if (fixture != null) {
            fixture.close();
        }
    }

    private void start(TestDatabases db, String listIds) {
        fixture = AppFixture.withClockSleeper(db);
        runs = new JobRuns(fixture.api);
        assertThat(fixture.api.put("/api/integrations/mdblist", "{\"baseUrl\":\"" + mdblist.baseUrl()
                + "\",\"apiKey\":\"" + KEY + "\",\"listIds\":\"" + listIds + "\"}").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_run_stores_every_list_and_resolves_the_open_mdblist_alert(TestDatabases db) {
        start(db, "101, 202,303");
        mdblist.answer("/user", Response.json(401, "{\"error\":\"Invalid API key\"}"));
        fixture.api.post("/api/integrations/mdblist/test", "");
        assertThat(runs.alerts("mdblist")).hasSize(1);
        mdblist.answer("/lists/101/items", Response.json(200, MATRIX_LIST));
        mdblist.answer("/lists/202/items", Response.json(200, NOLAN_LIST));
        mdblist.answer("/lists/303/items", Response.json(200, "{\"error\":\"empty\"}"));

        JsonNode run = runs.run("refresh-mdblist-lists");

        assertThat(run.get("status").asText()).isEqualTo("succeeded");
        assertThat(run.get("counts").get("done").asInt()).isEqualTo(3);
        assertThat(runs.alerts("mdblist")).isEmpty();
        assertThat(runs.history("mdblist")).extracting(a -> a.get("resolution").asText()).containsExactly("job");
        JsonNode lists = fixture.api.get("/api/lists").json().get("lists");
        assertThat(lists).extracting(l -> l.get("listId").asText() + "=" + l.get("items").asInt())
                .containsExactly("101=2", "202=1", "303=0");
        assertThat(lists.get(0).get("lastRefreshedAt").asText()).isEqualTo("2026-03-14T15:09:26Z");
        ListStore store = new ListStore(fixture.app.database.jdbi(), fixture.clock);
        assertThat(store.items("101")).containsExactly(
                new ListStore.ListItem(1, "The Matrix", "tt0133093", "603", "movie"),
                new ListStore.ListItem(2, "Game of Thrones", "tt0944947", "1399", "show"));
        assertThat(mdblist.requests()).filteredOn(r -> r.path().startsWith("/lists/"))
                .allMatch(r -> r.query().contains("apikey=" + KEY));
    }

    @Test
    void a_deleted_list_is_a_configuration_alert_of_that_list_while_the_other_list_refreshes() {
        start(TestDatabases.SQLITE, "101,202");
        mdblist.answer("/lists/101/items", Response.json(200, MATRIX_LIST));
        mdblist.answer("/lists/202/items", Response.json(200, NOLAN_LIST));
        runs.run("refresh-mdblist-lists");
        mdblist.answer("/lists/202/items", Response.json(404, "{\"error\":\"List not found\"}"));

        JsonNode run = runs.run("refresh-mdblist-lists");
        String runId = run.get("id").asText();

        assertThat(run.get("status").asText()).isEqualTo("completed_with_errors");
        assertThat(run.get("counts").get("done").asInt()).isEqualTo(1);
        assertThat(run.get("counts").get("failed").asInt()).isEqualTo(1);
        assertThat(run.get("counts").get("pending").asInt()).isZero();
        List<JsonNode> alerts = runs.alerts("mdblist");
        assertThat(alerts).hasSize(1);
        JsonNode alert = alerts.get(0);
        assertThat(alert.get("type").asText()).isEqualTo("configuration");
        assertThat(alert.get("subject").asText()).isEqualTo("202");
        assertThat(alert.get("message").asText()).contains("List not found");
        JsonNode failed = runs.items(runId, "failed").get(0);
        assertThat(failed.get("item").asText()).isEqualTo("202");
        assertThat(failed.get("alertId").asText()).isEqualTo(alert.get("id").asText());
        assertThat(runs.items(runId, "done")).extracting(i -> i.get("item").asText()).containsExactly("101");
        assertThat(runs.logs(runId)).anyMatch(l -> alert.get("id").asText().equals(l.get("alertId").asText()));
        assertThat(runs.errors(runId)).isNotEmpty().allMatch(e -> e.get("jobRunId").asText().equals(runId));
        // The previous items of the missing list are kept, not blanked.
        assertThat(fixture.api.get("/api/lists").json().get("lists"))
                .extracting(l -> l.get("listId").asText() + "=" + l.get("items").asInt())
                .containsExactly("101=2", "202=1");
    }

    @Test
    void retry_reads_only_the_list_that_failed() {
        start(TestDatabases.SQLITE, "101,202");
        mdblist.answer("/lists/101/items", Response.json(200, MATRIX_LIST));
        mdblist.answer("/lists/202/items", Response.json(404, "{\"error\":\"List not found\"}"));
        String first = runs.run("refresh-mdblist-lists").get("id").asText();
        mdblist.answer("/lists/202/items", Response.json(200, NOLAN_LIST));
        int before = mdblist.requests().size();

        JsonNode retry = runs.retry(first);

        assertThat(retry.get("status").asText()).isEqualTo("succeeded");
        assertThat(retry.get("counts").get("total").asInt()).isEqualTo(1);
        assertThat(mdblist.requests().subList(before, mdblist.requests().size()))
                .extracting(FakeServer.Recorded::path).containsExactly("/lists/202/items");
    }

    @Test
    void a_list_whose_server_is_down_is_retried_with_backoff_then_failed_and_keeps_its_items() {
        start(TestDatabases.SQLITE, "101,202");
        mdblist.answer("/lists/101/items", Response.json(200, MATRIX_LIST));
        mdblist.answer("/lists/202/items", Response.json(200, NOLAN_LIST));
        runs.run("refresh-mdblist-lists");
        mdblist.answer("/lists/101/items", Response.json(502, "{\"error\":\"Bad gateway\"}"));
        int before = mdblist.requests().size();
        java.time.Instant started = fixture.clock.instant();

        JsonNode run = runs.run("refresh-mdblist-lists");

        assertThat(run.get("status").asText()).isEqualTo("completed_with_errors");
        assertThat(run.get("counts").get("failed").asInt()).isEqualTo(1);
        assertThat(run.get("counts").get("done").asInt()).isEqualTo(1);
        assertThat(mdblist.requests().subList(before, mdblist.requests().size()))
                .filteredOn(r -> r.path().equals("/lists/101/items")).hasSize(3);
        // Backoff 2 s then 4 s, waited on the test's clock.
        assertThat(fixture.clock.instant()).isAfterOrEqualTo(started.plusSeconds(6));
        assertThat(runs.alerts("mdblist")).extracting(a -> a.get("type").asText()).containsExactly("outage");
        assertThat(fixture.api.get("/api/lists").json().get("lists"))
                .extracting(l -> l.get("listId").asText() + "=" + l.get("items").asInt())
                .containsExactly("101=2", "202=1");
    }
}
