package dev.aperture.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.calls.CallContext;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.ServiceId;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reported: "Last success: never" right after a passing Test Connection, under "✓ Connected". A passing test,
 * probe or job call is a success, shown at once and with the injected clock's time.
 */
class LastSuccessTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef";
    /** TMDb's GET /3/authentication with a valid key (developer.themoviedb.org/reference/authentication-validate-key). */
    private static final Response VALID_KEY = Response.json(200, "{\"success\":true,\"status_code\":1,"
            + "\"status_message\":\"Success.\"}");

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
    void a_passing_test_connection_shows_its_time_as_last_success_at_once_on_the_page_and_in_the_api(
            TestDatabases kind) {
        fixture = new AppFixture(kind);
        assertThat(fixture.api.put("/api/integrations/tmdb", "{\"apiKey\":\"" + KEY + "\",\"baseUrl\":\""
                + tmdb.baseUrl() + "/3\"}").status()).isEqualTo(200);
        tmdb.answer("/3/authentication", VALID_KEY);
        RestClient browser = fixture.browserSession();
        assertThat(page(browser, "/integrations/tmdb")).contains("id=\"success-tmdb\" data-live><span class=\"muted\">never");
        fixture.clock.advance(Duration.ofMinutes(5));
        String tested = fixture.clock.instant().toString();

        RestClient.Reply result = browser.post("/integrations/tmdb/test", "");

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body()).contains("✓ Connected").contains("<dd id=\"success-tmdb\" data-live hx-swap-oob=\"true\">"
                + "<time datetime=\"" + tested + "\"");
        assertThat(tmdb.lastRequest().path()).isEqualTo("/3/authentication");
        assertThat(fixture.api.get("/api/integrations/tmdb").json().get("lastSuccessAt").asText()).isEqualTo(tested);
        assertThat(page(browser, "/integrations/tmdb")).contains("id=\"success-tmdb\" data-live><time datetime=\""
                + tested + "\"");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_jobs_successful_call_is_a_success_written_at_most_once_a_minute_and_not_a_check(TestDatabases kind) {
        fixture = new AppFixture(kind);
        assertThat(fixture.api.put("/api/integrations/tmdb", "{\"apiKey\":\"" + KEY + "\",\"baseUrl\":\""
                + tmdb.baseUrl() + "/3\"}").status()).isEqualTo(200);
        tmdb.answer("/3/authentication", VALID_KEY);
        String first = fixture.clock.instant().toString();

        assertThat(jobCall().ok()).isTrue();
        JsonNode view = fixture.api.get("/api/integrations/tmdb").json();
        assertThat(view.get("lastSuccessAt").asText()).isEqualTo(first);
        assertThat(view.path("lastCheckedAt").isNull() || view.path("lastCheckedAt").isMissingNode()).isTrue();

        fixture.clock.advance(Duration.ofSeconds(30));
        assertThat(jobCall().ok()).isTrue();
        assertThat(fixture.api.get("/api/integrations/tmdb").json().get("lastSuccessAt").asText()).isEqualTo(first);

        fixture.clock.advance(Duration.ofSeconds(31));
        String later = fixture.clock.instant().toString();
        assertThat(jobCall().ok()).isTrue();
        assertThat(fixture.api.get("/api/integrations/tmdb").json().get("lastSuccessAt").asText()).isEqualTo(later);
        assertThat(tmdb.requests()).hasSize(3);
    }

    /** One call of a job run through the pipeline, as the jobs make them. */
    private CallResult jobCall() {
        var tmdbIntegration = fixture.app.integrations.get(ServiceId.TMDB);
        return fixture.app.calls.call(tmdbIntegration.probe(fixture.app.integrationStore.load(ServiceId.TMDB)),
                CallContext.job("run-1"));
    }


    private static String page(RestClient browser, String path) {
        RestClient.Reply reply = browser.get(path);
        assertThat(reply.status()).as(path).isEqualTo(200);
        return reply.body();
    }
}
