package dev.aperture.quotas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reported case: OMDb's bar read "151 of 1000 (15 %)" beside "daily request limit reached" when the key's
 * real limit was 150. A "used up" refusal makes the window read used up until its reset, and the count served
 * before it becomes the key's known limit, shown as observed.
 */
@Execution(ExecutionMode.CONCURRENT)
class QuotaLearnsTest {

    /** OMDb's answer for an id (providers.md, OMDb: 200 with "Response":"True"). */
    private static final Response OMDB_OK = Response.json(200,
            "{\"Title\":\"Guardians of the Galaxy Vol. 2\",\"Response\":\"True\"}");
    /** OMDb's daily limit (providers.md, OMDb): 401 {"Response":"False","Error":"Request limit reached!"}. */
    private static final Response OMDB_LIMIT = Response.json(401,
            "{\"Response\":\"False\",\"Error\":\"Request limit reached!\"}");
    /** A key that serves 4 requests a day, where Aperture assumes the free tier's 1,000. */
    private static final int REAL_LIMIT = 4;

    private final FakeServer omdb = new FakeServer();
    private final AtomicInteger served = new AtomicInteger();
    private AppFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
        omdb.close();
    }

    private void configure(AppFixture app) {
        assertThat(app.api.put("/api/integrations/omdb", "{\"apiKey\":\"abc12345\",\"baseUrl\":\"" + omdb.baseUrl()
                + "/\"}").status()).isEqualTo(200);
    }

    private static JsonNode quota(AppFixture app) {
        for (JsonNode q : app.api.get("/api/quotas").json()) {
            if (q.get("service").asText().equals("omdb")) {
                return q;
            }
        }
        throw new AssertionError("no quota for omdb");
    }

    /** Pages take the session cookie a browser gets at login, not an API token. */
    private RestClient browserSession() {
        RestClient.Reply login = RestClient.anonymous(fixture.baseUrl()).post("/api/auth/login",
                "{\"username\":\"admin\",\"password\":\"" + AppFixture.ADMIN_PASSWORD + "\"}");
        return new RestClient(fixture.baseUrl(), Map.of("Cookie", login.headers().get("set-cookie").get(0).split(";")[0]));
    }

    /** Tests until OMDb refuses: four pass, the fifth meets "Request limit reached!". */
    private void useUpTheDay(AppFixture app) {
        omdb.answer("/", r -> served.incrementAndGet() <= REAL_LIMIT ? OMDB_OK : OMDB_LIMIT);
        for (int i = 0; i < REAL_LIMIT; i++) {
            assertThat(app.api.post("/api/integrations/omdb/test", "").json().get("ok").asBoolean()).isTrue();
        }
        JsonNode refused = app.api.post("/api/integrations/omdb/test", "").json();
        assertThat(refused.at("/error/code").asText()).isEqualTo("Request limit reached!");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_used_up_refusal_makes_the_day_read_used_up_with_the_observed_limit_even_after_a_restart(
            TestDatabases kind) {
        TestDatabases.Target db = kind.create();
        try (AppFixture before = new AppFixture(db, Map.of(), false)) {
            configure(before);
            useUpTheDay(before);
            Instant refusedAt = before.clock.instant();

            JsonNode q = quota(before);
            assertThat(q.get("used").asLong()).isEqualTo(REAL_LIMIT);
            assertThat(q.get("limit").asLong()).isEqualTo(REAL_LIMIT);
            assertThat(q.get("limitSource").asText()).isEqualTo("observed");
            assertThat(q.get("remaining").asLong()).isZero();
            assertThat(q.get("percentUsed").asInt()).isEqualTo(100);
            assertThat(q.get("exhausted").asBoolean()).isTrue();
            assertThat(q.get("warning").asBoolean()).isTrue();
            assertThat(q.get("forecastExhaustedAt").asText()).isEqualTo(refusedAt.toString());
            assertThat(q.get("resetAt").asText()).isEqualTo("2026-03-15T00:00:00Z");
            // The refusal's rate-limit alert says it; no separate "nearly used" forecast beside it.
            JsonNode open = before.api.get("/api/alerts?service=omdb").json().get("alerts");
            assertThat(open).extracting(a -> a.get("code").asText()).containsExactly("Request limit reached!");
            assertThat(omdb.requests()).hasSize(REAL_LIMIT + 1);
            assertThat(omdb.lastRequest().query()).contains("apikey=abc12345");
        }
        fixture = new AppFixture(db, Map.of(), true);
        assertThat(quota(fixture).get("exhausted").asBoolean()).as("after a restart").isTrue();
        assertThat(quota(fixture).get("limit").asLong()).isEqualTo(REAL_LIMIT);

        fixture.clock.set(Instant.parse("2026-03-15T00:00:01Z"));
        JsonNode nextDay = quota(fixture);
        assertThat(nextDay.get("exhausted").asBoolean()).isFalse();
        assertThat(nextDay.get("used").asLong()).isZero();
        assertThat(nextDay.get("limit").asLong()).as("the key's known limit").isEqualTo(REAL_LIMIT);
        assertThat(nextDay.get("limitSource").asText()).isEqualTo("observed");
        assertThat(nextDay.get("percentUsed").asInt()).isZero();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void saving_the_settings_again_forgets_what_the_old_keys_refusal_taught(TestDatabases kind) {
        fixture = new AppFixture(kind);
        configure(fixture);
        useUpTheDay(fixture);

        assertThat(fixture.api.put("/api/integrations/omdb", "{\"apiKey\":\"patr0nkey\"}").status()).isEqualTo(200);

        JsonNode q = quota(fixture);
        assertThat(q.get("exhausted").asBoolean()).isFalse();
        assertThat(q.get("limit").asLong()).isEqualTo(1000);
        assertThat(q.get("limitSource").asText()).isEqualTo("configured");
    }

    @Test
    void the_card_bar_reads_used_up_with_the_observed_limit() {
        fixture = new AppFixture(TestDatabases.SQLITE);
        configure(fixture);
        useUpTheDay(fixture);

        String card = browserSession().get("/integrations/omdb").body();

        assertThat(card).contains("<strong>4 of 4</strong> (limit observed) requests (100%)");
        assertThat(card).contains("Used up: the provider refused further requests until the reset.");
        assertThat(card).doesNotContain("of 1000");
    }
}
