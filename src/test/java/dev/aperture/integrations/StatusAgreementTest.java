package dev.aperture.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The status and the alerts shown beside it come from the same alerts: reported was a red "Error" chip beside
 * "No open alerts" after a dismiss, and "0 errors" on the dashboard beside it.
 */
class StatusAgreementTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef";
    /** TMDb error 7 (developer.themoviedb.org/docs/errors): HTTP 401, invalid API key. */
    private static final Response INVALID_KEY = Response.json(401, "{\"status_code\":7,\"status_message\":"
            + "\"Invalid API key: You must be granted a valid key.\",\"success\":false}");

    private final FakeServer tmdb = new FakeServer();
    private AppFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
        tmdb.close();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_dismissed_alert_leaves_the_status_as_it_leaves_the_totals_unless_dismissed_ones_are_asked_for(
            TestDatabases kind) {
        fixture = new AppFixture(kind);
        assertThat(fixture.api.put("/api/integrations/tmdb", "{\"apiKey\":\"" + KEY + "\",\"baseUrl\":\""
                + tmdb.baseUrl() + "/3\"}").status()).isEqualTo(200);
        tmdb.answer("/3/authentication", INVALID_KEY);
        fixture.api.post("/api/integrations/tmdb/test", "");
        assertThat(tmdb.lastRequest().query()).contains("api_key=" + KEY);
        JsonNode before = fixture.api.get("/api/integrations/tmdb").json();
        assertThat(before.get("status").asText()).isEqualTo("error");
        assertThat(before.get("openAlerts")).hasSize(1);

        fixture.api.post("/api/alerts/dismiss", "{\"service\":\"tmdb\"}");

        JsonNode after = fixture.api.get("/api/integrations/tmdb").json();
        assertThat(after.get("openAlerts")).isEmpty();
        assertThat(after.get("status").asText()).isEqualTo("connected");
        assertThat(fixture.api.get("/api/alerts").json().at("/totals/error").asInt()).isZero();
        assertThat(fixture.api.get("/api/integrations/tmdb?includeDismissed=true").json().get("status").asText())
                .isEqualTo("error");
        JsonNode all = fixture.api.get("/api/integrations?includeDismissed=true").json();
        for (JsonNode i : all) {
            if (i.get("service").asText().equals("tmdb")) {
                assertThat(i.get("status").asText()).isEqualTo("error");
            }
        }
        assertThat(fixture.api.get("/api/integrations/tmdb?includeDismissed=maybe").status()).isEqualTo(400);
    }
}
