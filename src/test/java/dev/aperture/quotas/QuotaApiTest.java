package dev.aperture.quotas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.logs.LocalTimes;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.TestDatabases;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** GET /api/quotas and the warning before a quota runs out, through the running app against fakes. */
@Execution(ExecutionMode.CONCURRENT)
class QuotaApiTest {

    private static final Response OMDB_OK = Response.json(200,
            "{\"Title\":\"Guardians of the Galaxy Vol. 2\",\"Response\":\"True\"}");

    private final FakeServer fake = new FakeServer();
    private AppFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
        fake.close();
    }

    private void configureOmdb(AppFixture app) {
        assertThat(app.api.put("/api/integrations/omdb", "{\"apiKey\":\"abc12345\",\"baseUrl\":\"" + fake.baseUrl()
                + "/\"}").status()).isEqualTo(200);
    }

    private static JsonNode quota(AppFixture app, String service) {
        for (JsonNode q : app.api.get("/api/quotas").json()) {
            if (q.get("service").asText().equals(service)) {
                return q;
            }
        }
        throw new AssertionError("no quota for " + service);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void omdb_use_is_counted_per_utc_day_and_survives_a_restart(TestDatabases kind) {
        fake.answer(OMDB_OK);
        TestDatabases.Target db = kind.create();
        try (AppFixture before = new AppFixture(db, Map.of(), false)) {
            configureOmdb(before);
            for (int i = 0; i < 3; i++) {
                assertThat(before.api.post("/api/integrations/omdb/test", "").json().get("ok").asBoolean()).isTrue();
            }
            JsonNode omdb = quota(before, "omdb");
            assertThat(omdb.get("used").asLong()).isEqualTo(3);
            assertThat(omdb.get("limit").asLong()).isEqualTo(1000);
            assertThat(omdb.get("remaining").asLong()).isEqualTo(997);
            assertThat(omdb.get("window").asText()).isEqualTo("day");
            assertThat(omdb.get("resetAt").asText()).isEqualTo("2026-03-15T00:00:00Z");
            assertThat(omdb.get("source").asText()).isEqualTo("counted");
        }
        fixture = new AppFixture(db, Map.of(), true);
        assertThat(quota(fixture, "omdb").get("used").asLong()).as("after a restart").isEqualTo(3);
        assertThat(fake.requests()).hasSize(3);

        fixture.clock.set(Instant.parse("2026-03-15T00:00:01Z"));
        assertThat(quota(fixture, "omdb").get("used").asLong()).as("a new UTC day").isZero();
    }

    @Test
    void at_eighty_percent_a_warning_forecasts_when_the_quota_runs_out_before_the_first_refusal() {
        fake.answer(OMDB_OK);
        fixture = new AppFixture(TestDatabases.SQLITE, Map.of("APERTURE_QUOTA_OMDB", "10"));
        configureOmdb(fixture);
        // 15:09 UTC: 8 requests in 15 h 9 min of the day, so the last 2 go at about 18:56.
        for (int i = 0; i < 7; i++) {
            fixture.api.post("/api/integrations/omdb/test", "");
        }
        assertThat(fixture.api.get("/api/alerts?service=omdb").json().at("/alerts")).isEmpty();
        assertThat(fixture.api.get("/api/integrations/omdb").json().get("status").asText()).isEqualTo("connected");

        fixture.api.post("/api/integrations/omdb/test", "");

        JsonNode alerts = fixture.api.get("/api/alerts?service=omdb").json().at("/alerts");
        assertThat(alerts).hasSize(1);
        JsonNode alert = alerts.get(0);
        assertThat(alert.get("type").asText()).isEqualTo("rate_limit");
        assertThat(alert.get("severity").asText()).isEqualTo("warning");
        assertThat(alert.get("resetAt").asText()).isEqualTo("2026-03-15T00:00:00Z");
        JsonNode omdb = quota(fixture, "omdb");
        assertThat(omdb.get("warning").asBoolean()).isTrue();
        assertThat(omdb.get("forecastExhaustedAt").asText()).startsWith("2026-03-14T18:56");
        // The words use local times as the rest of the UI does; the API fields above stay ISO.
        Instant now = fixture.clock.instant();
        String reset = LocalTimes.at(Instant.parse("2026-03-15T00:00:00Z"), now);
        assertThat(alert.get("message").asText()).isEqualTo("OMDb has used 8 of its 10 requests for today (80%). "
                + "At the current rate it runs out at "
                + LocalTimes.at(Instant.parse(omdb.get("forecastExhaustedAt").asText()), now)
                + ", before the reset at " + reset + ".");
        assertThat(alert.get("action").asText()).endsWith("The quota resets at " + reset + ".");
        assertThat(alert.get("message").asText() + alert.get("action").asText())
                .doesNotContainPattern("\\d{4}-\\d\\d-\\d\\dT");
        assertThat(fixture.api.get("/api/integrations/omdb").json().get("status").asText()).isEqualTo("warning");

        fixture.api.post("/api/integrations/omdb/test", "");
        // A passing call does not end a forecast, and the warning is recorded once per window.
        assertThat(fixture.api.get("/api/alerts?service=omdb").json().at("/alerts/0/count").asLong()).isEqualTo(1);
        fixture.clock.set(Instant.parse("2026-03-15T00:00:01Z"));
        fixture.api.post("/api/integrations/omdb/test", "");
        assertThat(fixture.api.get("/api/alerts?service=omdb").json().at("/alerts")).as("resolved after the reset")
                .isEmpty();
        assertThat(fake.requests()).allSatisfy(r -> assertThat(r.query()).contains("apikey=abc12345"));
    }

    @Test
    void saving_a_new_key_after_the_daily_limit_lets_calls_through_again_without_waiting_for_midnight() {
        fixture = new AppFixture(TestDatabases.SQLITE);
        configureOmdb(fixture);
        fake.answer(Response.json(401, "{\"Response\":\"False\",\"Error\":\"Request limit reached!\"}"));
        JsonNode spent = fixture.api.post("/api/integrations/omdb/test", "").json();
        assertThat(spent.at("/error/type").asText()).isEqualTo("rate_limit");
        int sent = fake.requests().size();
        JsonNode held = fixture.api.post("/api/integrations/omdb/test", "").json();
        assertThat(held.get("ok").asBoolean()).isFalse();
        assertThat(fake.requests()).as("held until the reset, not sent").hasSize(sent);

        fake.answer(OMDB_OK);
        assertThat(fixture.api.put("/api/integrations/omdb", "{\"apiKey\":\"patron-key-987654\"}").status())
                .isEqualTo(200);
        JsonNode fresh = fixture.api.post("/api/integrations/omdb/test", "").json();
        assertThat(fresh.get("ok").asBoolean()).isTrue();
        assertThat(fake.lastRequest().query()).contains("apikey=patron-key-987654");
        assertThat(fixture.api.get("/api/alerts?service=omdb&type=rate_limit").json().get("alerts")).isEmpty();
    }

    @Test
    void mdblist_use_comes_from_its_rate_limit_headers() {
        long reset = Instant.parse("2026-03-15T00:00:00Z").getEpochSecond();
        fake.answer("/user", Response.json(200, "{\"user_id\":7,\"api_requests\":1000,\"api_requests_count\":42}",
                "X-RateLimit-Limit", "1000", "X-RateLimit-Remaining", "957", "X-RateLimit-Reset", "" + reset));
        fixture = new AppFixture(TestDatabases.SQLITE);
        assertThat(fixture.api.put("/api/integrations/mdblist", "{\"apiKey\":\"md-key\",\"baseUrl\":\""
                + fake.baseUrl() + "\"}").status()).isEqualTo(200);

        assertThat(fixture.api.post("/api/integrations/mdblist/test", "").json().get("ok").asBoolean()).isTrue();

        JsonNode mdblist = quota(fixture, "mdblist");
        assertThat(mdblist.get("used").asLong()).isEqualTo(43);
        assertThat(mdblist.get("limit").asLong()).isEqualTo(1000);
        assertThat(mdblist.get("source").asText()).isEqualTo("provider");
        assertThat(mdblist.get("resetAt").asText()).isEqualTo("2026-03-15T00:00:00Z");
        assertThat(fake.lastRequest().path()).isEqualTo("/user");
    }

    @Test
    void every_service_is_listed_with_the_rate_it_is_paced_at() {
        // A rate set for one service is the one listed for it; the others keep their defaults.
        fixture = new AppFixture(TestDatabases.SQLITE, java.util.Map.of("APERTURE_RATE_MDBLIST", "3/1s"));
        JsonNode quotas = fixture.api.get("/api/quotas").json();
        assertThat(quotas).extracting(q -> q.get("service").asText()).containsExactlyInAnyOrder("tmdb", "omdb",
                "mdblist", "trakt", "jellyseerr", "mediaserver", "openai");
        assertThat(quotas).allSatisfy(q -> assertThat(q.get("rate").asText()).matches("\\d+/\\d+[sm]"));
        assertThat(quota(fixture, "mdblist").get("rate").asText()).isEqualTo("3/1s");
        assertThat(quota(fixture, "tmdb").get("rate").asText()).isEqualTo("40/1s");
        assertThat(quota(fixture, "tmdb").get("limit").isNull()).isTrue();
        JsonNode trakt = quota(fixture, "trakt");
        assertThat(trakt.get("rate").asText()).isEqualTo("1000/5m");
        assertThat(trakt.get("writeRate").asText()).isEqualTo("1/1s");
        assertThat(trakt.get("window").asText()).isEqualTo("5m");
        assertThat(trakt.get("circuit").asText()).isEqualTo("closed");
        assertThat(quota(fixture, "openai").get("window").asText()).isEqualTo("minute");
    }
}
