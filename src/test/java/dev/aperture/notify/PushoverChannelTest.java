package dev.aperture.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.ServiceId;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.TestDatabases;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pushover's messages.json on loopback: the exact form, priorities, the monthly limit and a bad token. */
class PushoverChannelTest {

    private static final String TOKEN = "azGDORePK8gMaC0QOYAMyEEuzJnyUi";
    private static final String USER = "uQiRzpo4DXghDmr9QzzfQu27cmVRsG";
    // pushover.net/api#response: a message taken is status 1 with the request id.
    private static final String OK = "{\"status\":1,\"request\":\"647d2300-702c-4b38-8b2f-d56326ae460b\"}";
    // pushover.net/api#response: a bad application token is a 400 with status 0, errors and "token":"invalid".
    private static final String BAD_TOKEN = "{\"token\":\"invalid\",\"errors\":[\"application token is invalid, see "
            + "https://pushover.net/api\"],\"status\":0,\"request\":\"5042853c-402d-4a18-abcb-168734a801de\"}";
    // pushover.net/api#limits: over the monthly limit the API answers 429; X-Limit-App-Reset is when it resets.
    private static final String LIMIT = "{\"errors\":[\"application has exceeded its monthly message limit\"],"
            + "\"status\":0,\"request\":\"e460545a-8e19-4bd5-9bcd-4a9d3f0f4f20\"}";

    private final FakeServer pushover = new FakeServer();
    private final NotifyFixture n = new NotifyFixture(TestDatabases.SQLITE);

    @AfterEach
    void close() {
        n.close();
        pushover.close();
    }

    private String channel() {
        return n.channel("{\"type\":\"pushover\",\"settings\":{\"url\":\"" + pushover.baseUrl() + "\",\"token\":\""
                + TOKEN + "\",\"user\":\"" + USER + "\"}}");
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void an_error_goes_out_at_high_priority_and_its_resolution_at_low() {
        pushover.answer(Response.json(200, OK));
        channel();
        String alert = n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");
        n.flush();

        FakeServer.Recorded r = pushover.lastRequest();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/1/messages.json");
        assertThat(r.header("content-type")).isEqualTo("application/x-www-form-urlencoded");
        Map<String, String> sent = form(r.body());
        assertThat(sent).containsExactly(Map.entry("token", TOKEN), Map.entry("user", USER),
                Map.entry("title", "TMDb Authentication Error"),
                Map.entry("message", "TMDb Authentication Error (error)\nInvalid API key\n"
                        + "Action: Check the key and save it.\nOccurrences: 1, first seen 2026-03-14T15:09:26Z\n"
                        + "https://aperture.example.net/alerts/" + alert),
                Map.entry("priority", "1"),
                Map.entry("url", "https://aperture.example.net/alerts/" + alert),
                Map.entry("url_title", "Open in Aperture"));

        n.open(ServiceId.OMDB, ErrorType.RATE_LIMIT, "Request limit reached");
        n.flush();
        assertThat(form(pushover.lastRequest().body()).get("priority")).as("warning: normal").isEqualTo("0");
        n.resolve(ServiceId.TMDB);
        n.flush();
        assertThat(form(pushover.lastRequest().body())).containsEntry("title", "Resolved: TMDb Authentication Error")
                .containsEntry("priority", "-1");
        assertThat(pushover.requests()).hasSize(3);
    }

    @Test
    void the_monthly_limit_waits_for_the_reset_pushover_names_and_delivers_once() {
        Instant reset = Instant.parse("2026-04-01T05:00:00Z");
        AtomicInteger calls = new AtomicInteger();
        pushover.answer("/", r -> calls.incrementAndGet() == 1
                ? Response.json(429, LIMIT, "X-Limit-App-Limit", "10000", "X-Limit-App-Remaining", "0",
                "X-Limit-App-Reset", String.valueOf(reset.getEpochSecond()))
                : Response.json(200, OK));
        String channel = channel();
        n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");
        n.flush();
        JsonNode waiting = n.deliveries(channel).get(0);
        assertThat(waiting.get("status").asText()).isEqualTo("pending");
        assertThat(waiting.get("nextAttemptAt").asText()).isEqualTo("2026-04-01T05:00:00Z");
        assertThat(waiting.get("lastError").asText()).isEqualTo("127.0.0.1 refused the message: the application's "
                + "monthly message limit is reached (application has exceeded its monthly message limit)");

        n.app.clock.set(reset.minusSeconds(1));
        n.tick();
        assertThat(calls).as("a limit weeks long still keeps the message").hasValue(1);
        n.advance(Duration.ofSeconds(1));
        n.tick();
        n.advance(Duration.ofHours(1));
        n.tick();

        assertThat(calls).hasValue(2);
        assertThat(n.delivered(channel)).isEqualTo(1);
        assertThat(n.deliveries(channel).get(0).get("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void an_invalid_application_token_makes_the_channel_failing_with_pushovers_errors() {
        pushover.answer(Response.json(400, BAD_TOKEN));
        String channel = channel();
        n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");
        n.flush();

        JsonNode view = n.channelView(channel);
        assertThat(view.get("status").asText()).isEqualTo("failing");
        assertThat(view.get("lastError").asText()).isEqualTo("127.0.0.1 refused the application token (400: "
                + "application token is invalid, see https://pushover.net/api)");
        assertThat(n.page("/notifications/" + channel).body()).contains("refused the application token");
    }
}
