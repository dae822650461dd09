package dev.aperture.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The alert lifecycle (open, count, dismiss, resolve, reopen), driven only through the REST API and a fake TMDb. */
class AlertLifecycleApiTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final String INVALID_KEY = "{\"status_code\":7,\"status_message\":\"Invalid API key: You must be "
            + "granted a valid key.\",\"success\":false}";

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
    void open_count_dismiss_keep_counting_resolve_by_test_then_reopen_as_new(TestDatabases kind) {
        fixture = new AppFixture(kind);
        RestClient api = fixture.api;
        assertThat(api.put("/api/integrations/tmdb", "{\"apiKey\":\"" + KEY + "\",\"baseUrl\":\"" + tmdb.baseUrl()
                + "/3\"}").status()).isEqualTo(200);
        tmdb.answer("/3/authentication", Response.json(401, INVALID_KEY));

        JsonNode first = api.post("/api/integrations/tmdb/test", "").json();
        assertThat(first.get("ok").asBoolean()).isFalse();
        assertThat(first.at("/error/type").asText()).isEqualTo("authentication");
        assertThat(first.at("/error/severity").asText()).isEqualTo("error");
        assertThat(first.at("/error/code").asText()).isEqualTo("7");
        assertThat(first.at("/error/httpStatus").asInt()).isEqualTo(401);
        assertThat(tmdb.lastRequest().query()).contains("api_key=" + KEY);
        fixture.clock.advance(Duration.ofMinutes(1));
        api.post("/api/integrations/tmdb/test", "");

        JsonNode alerts = api.get("/api/alerts").json();
        assertThat(alerts.at("/alerts")).hasSize(1);
        JsonNode alert = alerts.at("/alerts/0");
        assertThat(alert.get("title").asText()).isEqualTo("TMDb Authentication Error");
        assertThat(alert.get("count").asInt()).isEqualTo(2);
        assertThat(alert.get("severity").asText()).isEqualTo("error");
        assertThat(alert.get("firstSeenAt").asText()).isEqualTo("2026-03-14T15:09:26Z");
        assertThat(alert.get("lastSeenAt").asText()).isEqualTo("2026-03-14T15:10:26Z");
        assertThat(alert.get("action").asText()).isNotBlank();
        assertThat(alerts.at("/totals/error").asInt()).isEqualTo(1);
        assertThat(alerts.at("/totals/total").asInt()).isEqualTo(1);
        String id = alert.get("id").asText();

        assertThat(api.post("/api/alerts/" + id + "/dismiss", "").status()).isEqualTo(200);
        assertThat(api.get("/api/alerts").json().at("/alerts")).isEmpty();
        assertThat(api.get("/api/alerts").json().at("/totals/total").asInt()).isZero();
        assertThat(api.get("/api/integrations/tmdb").json().get("openAlerts")).isEmpty();

        api.post("/api/integrations/tmdb/test", "");
        assertThat(api.get("/api/alerts").json().at("/alerts")).isEmpty();
        JsonNode history = api.get("/api/alerts/history").json().at("/alerts/0");
        assertThat(history.get("id").asText()).isEqualTo(id);
        assertThat(history.get("count").asInt()).isEqualTo(3);
        assertThat(history.get("dismissedAt").isNull()).isFalse();
        assertThat(history.get("resolvedAt").isNull()).isTrue();

        tmdb.answer("/3/authentication", Response.json(200,
                "{\"success\":true,\"status_code\":1,\"status_message\":\"Success.\"}"));
        JsonNode ok = api.post("/api/integrations/tmdb/test", "").json();
        assertThat(ok.get("ok").asBoolean()).isTrue();
        assertThat(ok.get("error").isNull()).isTrue();
        JsonNode resolved = api.get("/api/alerts/history").json().at("/alerts/0");
        assertThat(resolved.get("resolution").asText()).isEqualTo("test_connection");
        assertThat(resolved.get("resolvedAt").asText()).isEqualTo("2026-03-14T15:10:26Z");
        assertThat(api.get("/api/integrations/tmdb").json().get("status").asText()).isEqualTo("connected");

        tmdb.answer("/3/authentication", Response.json(401, INVALID_KEY));
        api.post("/api/integrations/tmdb/test", "");
        JsonNode reopened = api.get("/api/alerts").json().at("/alerts");
        assertThat(reopened).hasSize(1);
        assertThat(reopened.get(0).get("id").asText()).isNotEqualTo(id);
        assertThat(reopened.get(0).get("count").asInt()).isEqualTo(1);
        assertThat(api.get("/api/integrations/tmdb").json().get("status").asText()).isEqualTo("error");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void testing_unsaved_settings_reports_but_records_and_resolves_nothing(TestDatabases kind) {
        fixture = new AppFixture(kind);
        RestClient api = fixture.api;
        api.put("/api/integrations/tmdb", "{\"apiKey\":\"" + KEY + "\",\"baseUrl\":\"" + tmdb.baseUrl() + "\"}");
        tmdb.answer("/3/authentication", Response.json(401, INVALID_KEY));
        api.post("/api/integrations/tmdb/test", "");
        assertThat(api.get("/api/alerts").json().at("/alerts")).hasSize(1);

        JsonNode unsavedFailure = api.post("/api/integrations/tmdb/test", "{\"apiKey\":\"another-wrong-key-123\"}").json();
        assertThat(unsavedFailure.get("ok").asBoolean()).isFalse();
        assertThat(tmdb.lastRequest().query()).contains("api_key=another-wrong-key-123");
        assertThat(api.get("/api/alerts").json().at("/alerts/0/count").asInt()).isEqualTo(1);

        tmdb.answer("/3/authentication", Response.json(200, "{\"success\":true,\"status_code\":1}"));
        JsonNode unsavedOk = api.post("/api/integrations/tmdb/test", "{\"apiKey\":\"a-good-new-key-4567\"}").json();
        assertThat(unsavedOk.get("ok").asBoolean()).isTrue();
        assertThat(api.get("/api/alerts").json().at("/alerts")).hasSize(1);
        assertThat(api.get("/api/errors?service=tmdb").json().at("/errors")).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void error_records_carry_sanitized_request_details_and_page_by_cursor(TestDatabases kind) {
        fixture = new AppFixture(kind);
        RestClient api = fixture.api;
        api.put("/api/integrations/tmdb", "{\"apiKey\":\"" + KEY + "\",\"baseUrl\":\"" + tmdb.baseUrl() + "\"}");
        tmdb.answer("/3/authentication", Response.json(401, INVALID_KEY));
        for (int i = 0; i < 3; i++) {
            api.post("/api/integrations/tmdb/test", "");
            // a minute apart, so each lands in its own error record
            fixture.clock.advance(Duration.ofMinutes(2));
        }
        JsonNode page1 = api.get("/api/errors?service=tmdb&limit=2").json();
        assertThat(page1.get("errors")).hasSize(2);
        JsonNode record = page1.at("/errors/0");
        assertThat(record.at("/request/method").asText()).isEqualTo("GET");
        assertThat(record.at("/request/url").asText()).isEqualTo(tmdb.baseUrl() + "/3/authentication");
        assertThat(record.at("/request/responseStatus").asInt()).isEqualTo(401);
        assertThat(record.at("/request/responseExcerpt").asText()).contains("Invalid API key");
        assertThat(record.get("code").asText()).isEqualTo("7");
        assertThat(record.get("alertId").asText()).isNotBlank();
        JsonNode page2 = api.get("/api/errors?service=tmdb&limit=2&cursor=" + page1.get("nextCursor").asText()).json();
        assertThat(page2.get("errors")).hasSize(1);
        assertThat(page2.get("nextCursor").isNull()).isTrue();
        assertThat(api.get("/api/errors?type=outage").json().get("errors")).isEmpty();
        assertThat(api.get("/api/errors?since=2026-03-14T15:11:00Z").json().get("errors")).hasSize(2);
        assertThat(api.get("/api/errors?until=2026-03-14T15:10:00Z").json().get("errors")).hasSize(1);
    }
}
