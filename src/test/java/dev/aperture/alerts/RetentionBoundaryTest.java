package dev.aperture.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.TestDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Alert retention at its edges, as an admin sees it: the default of seven days (no setting given), counted
 * from the resolution or the dismissal, and never for a dismissed problem that is still occurring. Alerts
 * come from real failed Test Connections against a fake OMDb; the housekeeping job runs through the API.
 */
class RetentionBoundaryTest {

    // OMDb's documented answer to a wrong key (omdbapi.com, "Invalid API key!" with HTTP 401).
    private static final String INVALID_KEY = "{\"Response\":\"False\",\"Error\":\"Invalid API key!\"}";
    // OMDb's answer to ?i=tt3896198, the title the probe looks up (example on omdbapi.com).
    private static final String MOVIE = "{\"Title\":\"Guardians of the Galaxy Vol. 2\",\"Year\":\"2017\","
            + "\"imdbID\":\"tt3896198\",\"Response\":\"True\"}";

    private final FakeServer omdb = new FakeServer();
    private AppFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
        omdb.close();
    }

    private void start(TestDatabases kind) {
        // No APERTURE_ALERT_RETENTION_DAYS: the default is what is under test.
        fixture = new AppFixture(kind, Map.of());
        assertThat(fixture.api.put("/api/integrations/omdb", "{\"apiKey\":\"f00dcafe\",\"baseUrl\":\""
                + omdb.baseUrl() + "/\"}").status()).isEqualTo(200);
    }

    private void failingTestConnection() {
        omdb.answer(Response.json(401, INVALID_KEY));
        int before = omdb.requests().size();
        assertThat(fixture.api.post("/api/integrations/omdb/test", "").json().get("ok").asBoolean()).isFalse();
        assertThat(omdb.requests()).hasSize(before + 1);
    }

    private void housekeeping() {
        String id = fixture.api.post("/api/jobs/housekeeping/run", "").json().get("runId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                !fixture.api.get("/api/jobs/runs/" + id).json().get("status").asText().equals("running"));
        assertThat(fixture.api.get("/api/jobs/runs/" + id).json().get("status").asText()).isEqualTo("succeeded");
    }

    private List<JsonNode> history() {
        List<JsonNode> out = new ArrayList<>();
        fixture.api.get("/api/alerts/history?service=omdb").json().get("alerts").forEach(out::add);
        return out;
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_resolved_alert_is_kept_at_six_days_twenty_three_hours_and_purged_at_seven_days_one_minute(TestDatabases kind) {
        start(kind);
        failingTestConnection();
        omdb.answer(Response.json(200, MOVIE));
        assertThat(fixture.api.post("/api/integrations/omdb/test", "").json().get("ok").asBoolean()).isTrue();
        assertThat(history()).singleElement().satisfies(a -> assertThat(a.get("resolvedAt").isNull()).isFalse());
        String id = history().get(0).get("id").asText();

        fixture.clock.advance(Duration.ofDays(6).plusHours(23));
        housekeeping();
        assertThat(history()).extracting(a -> a.get("id").asText()).containsExactly(id);
        assertThat(fixture.api.get("/api/errors?service=omdb").json().get("errors")).isNotEmpty();

        fixture.clock.advance(Duration.ofHours(1).plusMinutes(1));
        housekeeping();
        assertThat(history()).isEmpty();
        assertThat(fixture.api.get("/api/errors?service=omdb").json().get("errors")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_dismissed_alert_that_is_still_occurring_outlives_the_retention_and_keeps_its_count(TestDatabases kind) {
        start(kind);
        failingTestConnection();
        String id = fixture.api.get("/api/alerts?service=omdb").json().at("/alerts/0/id").asText();
        assertThat(fixture.api.post("/api/alerts/" + id + "/dismiss", "").status()).isEqualTo(200);

        fixture.clock.advance(Duration.ofDays(6));
        failingTestConnection();
        fixture.clock.advance(Duration.ofDays(1).plusMinutes(1));
        housekeeping();

        // Dismissed seven days and a minute ago, but seen one day and a minute ago: still counting.
        assertThat(history()).singleElement().satisfies(a -> {
            assertThat(a.get("id").asText()).isEqualTo(id);
            assertThat(a.get("dismissedAt").isNull()).isFalse();
            assertThat(a.get("count").asInt()).isEqualTo(2);
        });
        failingTestConnection();
        assertThat(fixture.api.get("/api/alerts?service=omdb").json().get("alerts")).isEmpty();
        assertThat(history()).singleElement().satisfies(a -> assertThat(a.get("count").asInt()).isEqualTo(3));
    }
}
