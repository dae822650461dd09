package dev.aperture.ratings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.TestDatabases;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TraktDeviceFlowTest {

    private static final String DEVICE_CODE = "d9c126a7706328d808914cfd1e40274b6e009f684b1aca271b8b4b3e8d1e4b3e";
    private static final String CODE_ANSWER = "{\"device_code\":\"" + DEVICE_CODE + "\",\"user_code\":\"5055CC52\","
            + "\"verification_url\":\"https://trakt.tv/activate\",\"expires_in\":600,\"interval\":1}";

    @Test
    void a_device_authorization_is_polled_until_approved_and_stores_the_tokens_sealed() {
        try (TraktTestbed t = new TraktTestbed(TestDatabases.SQLITE)) {
            t.trakt.answer("/oauth/device/code", Response.json(200, CODE_ANSWER));
            AtomicInteger polls = new AtomicInteger();
            // Trakt answers 400 with an empty body while the user has not entered the code yet.
            t.trakt.answer("/oauth/device/token", r -> polls.incrementAndGet() == 1 ? Response.json(400, "")
                    : Response.json(200, TraktTestbed.tokenAnswer("carol-access-token", "carol-refresh-token")));

            JsonNode started = t.fixture.api.post("/api/trakt/device", "{\"user\":\"carol\"}").json();

            assertThat(started.get("userCode").asText()).isEqualTo("5055CC52");
            assertThat(started.get("verificationUrl").asText()).isEqualTo("https://trakt.tv/activate");
            assertThat(started.get("interval").asInt()).isEqualTo(1);
            assertThat(started.get("expiresAt").asText()).isEqualTo("2026-03-14T15:19:26Z");
            assertThat(started.toString()).doesNotContain(DEVICE_CODE);
            String id = started.get("id").asText();
            await().atMost(Duration.ofSeconds(15)).until(() ->
                    t.fixture.api.get("/api/trakt/device/" + id).json().get("state").asText().equals("authorized"));

            FakeServer.Recorded codeRequest = t.trakt.requests().get(0);
            assertThat(codeRequest.path()).isEqualTo("/oauth/device/code");
            assertThat(codeRequest.body()).contains("\"client_id\":\"" + TraktTestbed.CLIENT_ID + "\"");
            List<FakeServer.Recorded> polled = t.trakt.requests().stream()
                    .filter(r -> r.path().equals("/oauth/device/token")).toList();
            assertThat(polled).hasSize(2);
            assertThat(polled.get(0).body()).contains("\"code\":\"" + DEVICE_CODE + "\"",
                    "\"client_secret\":\"" + TraktTestbed.CLIENT_SECRET + "\"");
            TraktTokens.Tokens carol = t.tokens.find("carol").orElseThrow();
            assertThat(carol.access().reveal()).isEqualTo("carol-access-token");
            assertThat(carol.refresh().reveal()).isEqualTo("carol-refresh-token");
            assertThat(carol.expiresAt()).isEqualTo(t.fixture.clock.instant().plus(Duration.ofDays(1))
                    .truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            String stored = t.fixture.app.database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT access_token || refresh_token FROM trakt_users").mapTo(String.class).one());
            assertThat(stored).doesNotContain("carol-access-token", "carol-refresh-token");
            String device = t.fixture.app.database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT device_code FROM trakt_device_codes").mapTo(String.class).one());
            assertThat(device).isEmpty();
            // No alert: a pending device flow answers 400 by design.
            assertThat(t.runs.alerts("trakt")).isEmpty();

            JsonNode users = t.fixture.api.get("/api/trakt/users").json();
            assertThat(users.get("users")).extracting(u -> u.get("user").asText()).containsExactly("carol");
            assertThat(users.toString()).doesNotContain("carol-access-token", "carol-refresh-token");
            assertThat(t.fixture.api.delete("/api/trakt/users/carol").status()).isEqualTo(204);
            assertThat(t.fixture.api.get("/api/trakt/users").json().get("users")).isEmpty();
            assertThat(t.fixture.api.delete("/api/trakt/users/carol").status()).isEqualTo(404);
        }
    }

    @Test
    void polls_that_are_still_waiting_are_logged_once_as_waiting_and_never_as_failed_calls() {
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        try (TraktTestbed t = new TraktTestbed(TestDatabases.SQLITE)) {
            t.trakt.answer("/oauth/device/code", Response.json(200, CODE_ANSWER));
            AtomicInteger polls = new AtomicInteger();
            // Trakt answers 400 (authorization_pending) until the user has entered the code: three times here.
            t.trakt.answer("/oauth/device/token", r -> polls.incrementAndGet() <= 3 ? Response.json(400, "")
                    : Response.json(200, TraktTestbed.tokenAnswer("erin-access-token", "erin-refresh-token")));
            String id = t.fixture.api.post("/api/trakt/device", "{\"user\":\"erin\"}").json().get("id").asText();
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    t.fixture.api.get("/api/trakt/device/" + id).json().get("state").asText().equals("authorized"));

            List<String> lines = logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.INFO))
                    .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
            assertThat(lines).filteredOn(l -> l.contains("waiting for the user to enter the code")).singleElement()
                    .satisfies(l -> assertThat(l).startsWith("Trakt device authorization for erin:")
                            .contains("https://trakt.tv/activate").doesNotContain("5055CC52"));
            assertThat(lines).noneSatisfy(l -> assertThat(l).contains("call failed service=trakt"));
            assertThat(polls.get()).isEqualTo(4);
        } finally {
            root.detachAppender(logs);
        }
    }

    @Test
    void a_denied_authorization_ends_the_attempt_and_stores_nothing() {
        try (TraktTestbed t = new TraktTestbed(TestDatabases.SQLITE)) {
            t.trakt.answer("/oauth/device/code", Response.json(200, CODE_ANSWER));
            t.trakt.answer("/oauth/device/token", Response.json(418, ""));

            String id = t.fixture.api.post("/api/trakt/device", "{\"user\":\"dave\"}").json().get("id").asText();

            await().atMost(Duration.ofSeconds(15)).until(() ->
                    t.fixture.api.get("/api/trakt/device/" + id).json().get("state").asText().equals("denied"));
            assertThat(t.tokens.find("dave")).isEmpty();
            assertThat(t.fixture.api.get("/api/trakt/device/nope").status()).isEqualTo(404);
        }
    }

    @Test
    void starting_needs_a_user_and_a_configured_trakt() {
        try (TraktTestbed t = new TraktTestbed(TestDatabases.SQLITE)) {
            assertThat(t.fixture.api.post("/api/trakt/device", "{}").status()).isEqualTo(400);
            t.fixture.api.put("/api/integrations/trakt", "{\"clientSecret\":\"\"}");
            assertThat(t.fixture.api.post("/api/trakt/device", "{\"user\":\"erin\"}").status()).isEqualTo(409);
        }
    }
}
