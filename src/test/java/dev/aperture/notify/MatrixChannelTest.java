package dev.aperture.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.ServiceId;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.TestDatabases;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A Matrix homeserver's client-server API on loopback: the exact PUT, idempotent retries, limits, a bad token. */
class MatrixChannelTest {

    private static final String TOKEN = "syt_YXBlcnR1cmU_wGdHJkKqPcQnLmZxVbNa_1x2y3z";
    private static final String ROOM = "!ops:example.org";
    // spec.matrix.org client-server API, PUT /rooms/{roomId}/send/{eventType}/{txnId}: 200 with the event id.
    private static final String OK = "{\"event_id\":\"$YUwRidLecu:example.org\"}";
    // spec.matrix.org "Rate limiting": 429 M_LIMIT_EXCEEDED with retry_after_ms.
    private static final String LIMIT = "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"Too many requests\","
            + "\"retry_after_ms\":2000}";
    // spec.matrix.org "Standard error response": an unknown access token is 401 M_UNKNOWN_TOKEN.
    private static final String BAD_TOKEN = "{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"Invalid access token "
            + "passed.\",\"soft_logout\":false}";

    private final FakeServer homeserver = new FakeServer();
    private final NotifyFixture n = new NotifyFixture(TestDatabases.SQLITE);

    @AfterEach
    void close() {
        n.close();
        homeserver.close();
    }

    private String channel() {
        return n.channel("{\"type\":\"matrix\",\"settings\":{\"url\":\"" + homeserver.baseUrl() + "/\",\"token\":\""
                + TOKEN + "\",\"roomId\":\"" + ROOM + "\"}}");
    }

    @Test
    void an_alert_is_put_into_the_room_with_html_and_plain_bodies_under_the_deliverys_transaction_id() {
        homeserver.answer(Response.json(200, OK));
        String channel = channel();
        String alert = n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Key <revoked> & gone");
        n.flush();

        String delivery = n.deliveries(channel).get(0).get("id").asText();
        FakeServer.Recorded r = homeserver.lastRequest();
        assertThat(r.method()).isEqualTo("PUT");
        assertThat(r.path()).isEqualTo("/_matrix/client/v3/rooms/%21ops%3Aexample.org/send/m.room.message/aperture-"
                + delivery);
        assertThat(r.header("authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(r.header("content-type")).isEqualTo("application/json; charset=utf-8");
        JsonNode body = NotifyFixture.parse(r.body());
        assertThat(body.fieldNames()).toIterable().containsExactly("msgtype", "body", "format", "formatted_body");
        assertThat(body.get("msgtype").asText()).isEqualTo("m.text");
        assertThat(body.get("format").asText()).isEqualTo("org.matrix.custom.html");
        String link = "https://aperture.example.net/alerts/" + alert;
        assertThat(body.get("body").asText()).isEqualTo("TMDb Authentication Error\n\nTMDb Authentication Error "
                + "(error)\nKey <revoked> & gone\nAction: Check the key and save it.\nOccurrences: 1, first seen "
                + "2026-03-14T15:09:26Z\n" + link);
        assertThat(body.get("formatted_body").asText()).isEqualTo("<b>TMDb Authentication Error</b><br><br>"
                + "<b>TMDb Authentication Error</b> (error, TMDb)<br>Key &lt;revoked&gt; &amp; gone<br>"
                + "Action: Check the key and save it.<br><a href=\"" + link + "\">Open in Aperture</a><br>");
        assertThat(n.deliveries(channel).get(0).get("status").asText()).isEqualTo("delivered");
    }

    @Test
    void a_rate_limit_is_retried_after_retry_after_ms_with_the_same_transaction_id_and_delivered_once() {
        AtomicInteger calls = new AtomicInteger();
        homeserver.answer("/", r -> calls.incrementAndGet() == 1 ? Response.json(429, LIMIT) : Response.json(200, OK));
        String channel = channel();
        n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");
        n.flush();
        JsonNode waiting = n.deliveries(channel).get(0);
        assertThat(waiting.get("lastError").asText())
                .isEqualTo("127.0.0.1 rate limited the account (M_LIMIT_EXCEEDED: Too many requests)");
        assertThat(waiting.get("nextAttemptAt").asText()).isEqualTo("2026-03-14T15:09:59Z");

        n.advance(Duration.ofMillis(1999));
        n.tick();
        assertThat(calls).hasValue(1);
        n.advance(Duration.ofMillis(1));
        n.tick();
        n.advance(Duration.ofHours(1));
        n.tick();

        assertThat(calls).hasValue(2);
        assertThat(homeserver.requests().get(1).path()).as("the server deduplicates a retry by its txnId")
                .isEqualTo(homeserver.requests().get(0).path());
        assertThat(n.delivered(channel)).isEqualTo(1);
    }

    @Test
    void an_unknown_token_makes_the_channel_failing_with_the_servers_errcode() {
        homeserver.answer(Response.json(401, BAD_TOKEN));
        String channel = channel();
        n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");
        n.flush();

        JsonNode view = n.channelView(channel);
        assertThat(view.get("status").asText()).isEqualTo("failing");
        assertThat(view.get("lastError").asText()).isEqualTo("127.0.0.1 refused the access token (401 "
                + "M_UNKNOWN_TOKEN: Invalid access token passed.)");
        assertThat(n.page("/notifications").body()).contains("refused the access token (401 M_UNKNOWN_TOKEN");
    }

    @Test
    void a_room_alias_is_refused_naming_the_room_field() {
        var reply = n.api().post("/api/notifications/channels", "{\"type\":\"matrix\",\"settings\":{\"url\":\""
                + homeserver.baseUrl() + "\",\"token\":\"" + TOKEN + "\",\"roomId\":\"#ops:example.org\"}}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).startsWith("settings.roomId: must be a room id");
    }
}
