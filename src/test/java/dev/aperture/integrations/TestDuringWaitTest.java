package dev.aperture.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.TestDatabases;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A provider's wait holds back health checks and plain tests, never the admin who asks: "test anyway" and a
 * test of changed settings are sent, and the rate limit ends by itself with the first answer after its reset.
 * The reported case: MDBList's daily limit blocked every Test Connection until the next UTC midnight.
 */
class TestDuringWaitTest {

    private static final String KEY = "k3yfr0mmdbl1st0000000000";
    /** The fixture clock's next UTC midnight: 2026-03-14T15:09:26Z + 31,834 s. */
    private static final Instant MIDNIGHT = Instant.parse("2026-03-15T00:00:00Z");
    /** GET /user (https://mdblist.docs.apiary.io/, "User"). */
    private static final Response USER = Response.json(200, "{\"api_requests\":1000,\"api_requests_count\":12,"
            + "\"user_id\":4242,\"patron_status\":\"active_patron\"}");
    /** Over the daily limit (providers.md, MDBList): 429, Retry-After = seconds to midnight UTC. */
    private static final Response LIMIT = Response.json(429, "{\"error\":\"Daily API limit exceeded!\"}",
            "Retry-After", "31834", "X-RateLimit-Limit", "1000", "X-RateLimit-Remaining", "0",
            "X-RateLimit-Reset", String.valueOf(MIDNIGHT.getEpochSecond()));
    private static final Response DOWN = Response.json(502, "{\"error\":\"Bad Gateway\"}");

    private final FakeServer mdblist = new FakeServer();
    private AppFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
        mdblist.close();
    }

    private void limitReachedAfterAnOutage(TestDatabases kind) {
        fixture = new AppFixture(kind);
        assertThat(fixture.api.put("/api/integrations/mdblist", "{\"apiKey\":\"" + KEY + "\",\"baseUrl\":\""
                + mdblist.baseUrl() + "\"}").status()).isEqualTo(200);
        mdblist.answer("/user", DOWN);
        assertThat(fixture.api.post("/api/integrations/mdblist/test", "").json().at("/error/type").asText())
                .isEqualTo("outage");
        mdblist.answer("/user", LIMIT);
        assertThat(fixture.api.post("/api/integrations/mdblist/test", "").json().at("/error/type").asText())
                .isEqualTo("rate_limit");
    }

    private JsonNode openAlerts() {
        return fixture.api.get("/api/alerts?service=mdblist").json().get("alerts");
    }

    private JsonNode lastEnded(String type) {
        for (JsonNode a : fixture.api.get("/api/alerts/history?service=mdblist").json().get("alerts")) {
            if (a.get("type").asText().equals(type)) {
                return a;
            }
        }
        throw new AssertionError("no ended " + type + " alert in history");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_plain_test_waits_for_the_reset_but_test_anyway_is_sent_and_its_success_ends_the_limit(TestDatabases kind) {
        limitReachedAfterAnOutage(kind);
        assertThat(lastEnded("outage").get("endedBy").asText())
                .isEqualTo("rate limit answer 429 from MDBList (Test Connection)");
        int sent = mdblist.requests().size();
        mdblist.answer("/user", USER);

        JsonNode held = fixture.api.post("/api/integrations/mdblist/test", "").json();
        assertThat(held.get("ok").asBoolean()).isFalse();
        assertThat(held.at("/error/code").asText()).isEqualTo("rate_limited");
        assertThat(held.at("/error/resetAt").asText()).isEqualTo("2026-03-15T00:00:00Z");
        assertThat(fixture.app.health.tick()).as("health checks wait for the reset").isEmpty();
        assertThat(mdblist.requests()).hasSize(sent);

        JsonNode anyway = fixture.api.post("/api/integrations/mdblist/test?anyway=true", "").json();

        assertThat(anyway.get("ok").asBoolean()).isTrue();
        assertThat(mdblist.requests()).hasSize(sent + 1);
        assertThat(mdblist.lastRequest().path()).isEqualTo("/user");
        assertThat(mdblist.lastRequest().query()).contains("apikey=" + KEY);
        assertThat(openAlerts()).isEmpty();
        JsonNode limit = lastEnded("rate_limit");
        assertThat(limit.get("endedBy").asText()).isEqualTo("successful answer 200 from MDBList (Test Connection)");
        assertThat(limit.get("resolution").asText()).isEqualTo("test_connection");
        // The provider served again: the wait is over for the plain test too.
        assertThat(fixture.api.post("/api/integrations/mdblist/test", "").json().get("ok").asBoolean()).isTrue();
        assertThat(mdblist.requests()).hasSize(sent + 2);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void the_limit_ends_by_itself_with_the_first_health_check_after_its_reset(TestDatabases kind) {
        limitReachedAfterAnOutage(kind);
        mdblist.answer("/user", USER);

        fixture.clock.set(MIDNIGHT);
        assertThat(fixture.app.health.tick()).containsExactly(dev.aperture.calls.ServiceId.MDBLIST);

        assertThat(openAlerts()).isEmpty();
        JsonNode limit = lastEnded("rate_limit");
        assertThat(limit.get("endedBy").asText()).isEqualTo("successful answer 200 from MDBList (health check)");
        assertThat(limit.get("resolution").asText()).isEqualTo("health_check");
        assertThat(limit.get("resolvedAt").asText()).isEqualTo("2026-03-15T00:00:00Z");
    }

    @Test
    void a_test_of_a_changed_key_is_sent_during_the_old_keys_wait() {
        limitReachedAfterAnOutage(TestDatabases.SQLITE);
        int sent = mdblist.requests().size();
        mdblist.answer("/user", USER);
        String newKey = "n3wk3yfr0mmdbl1st000000";

        JsonNode result = fixture.api.post("/api/integrations/mdblist/test", "{\"apiKey\":\"" + newKey + "\"}").json();

        assertThat(result.get("ok").asBoolean()).isTrue();
        assertThat(mdblist.requests()).hasSize(sent + 1);
        assertThat(mdblist.lastRequest().query()).contains("apikey=" + newKey);
        // Unsaved settings prove nothing about the saved key: its limit stays open.
        assertThat(openAlerts()).extracting(a -> a.get("type").asText()).containsExactly("rate_limit");
    }

    @Test
    void test_anyway_takes_true_or_false_and_names_the_field_otherwise() {
        fixture = new AppFixture(TestDatabases.SQLITE);

        var answer = fixture.api.post("/api/integrations/mdblist/test?anyway=yes", "");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error").asText()).contains("anyway");
    }
}
