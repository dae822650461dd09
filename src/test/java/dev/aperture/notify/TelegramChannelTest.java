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

/** Telegram's Bot API on loopback: the exact sendMessage request, its flood limit, and a refused token. */
class TelegramChannelTest {

    private static final String TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    // core.telegram.org/bots/api#message: the Message a successful sendMessage answers, trimmed.
    private static final String OK = "{\"ok\":true,\"result\":{\"message_id\":4711,\"chat\":{\"id\":-1001234567890,"
            + "\"type\":\"supergroup\"},\"date\":1773501000,\"text\":\"…\"}}";
    // core.telegram.org/bots/api#making-requests and #responseparameters: a 429 carries retry_after seconds.
    private static final String FLOOD = "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry "
            + "after 42\",\"parameters\":{\"retry_after\":42}}";
    // The answer of the Bot API to a token it does not know.
    private static final String UNAUTHORIZED = "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}";

    private final FakeServer telegram = new FakeServer();
    private final NotifyFixture n = new NotifyFixture(TestDatabases.SQLITE);

    @AfterEach
    void close() {
        n.close();
        telegram.close();
    }

    private String channel() {
        return n.channel("{\"type\":\"telegram\",\"settings\":{\"url\":\"" + telegram.baseUrl() + "\",\"token\":\""
                + TOKEN + "\",\"chatId\":\"-1001234567890\",\"threadId\":\"42\"}}");
    }

    @Test
    void an_alert_goes_to_the_chat_and_topic_as_escaped_html() {
        telegram.answer(Response.json(200, OK));
        String channel = channel();
        String alert = n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Key <b>revoked</b> & \"rotated\"");
        n.flush();

        assertThat(telegram.requests()).hasSize(1);
        FakeServer.Recorded r = telegram.lastRequest();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/bot" + TOKEN + "/sendMessage");
        assertThat(r.header("content-type")).isEqualTo("application/json; charset=utf-8");
        JsonNode body = NotifyFixture.parse(r.body());
        assertThat(body.fieldNames()).toIterable()
                .containsExactly("chat_id", "message_thread_id", "text", "parse_mode", "disable_web_page_preview");
        assertThat(body.get("chat_id").asText()).isEqualTo("-1001234567890");
        assertThat(body.get("message_thread_id").asLong()).isEqualTo(42);
        assertThat(body.get("parse_mode").asText()).isEqualTo("HTML");
        assertThat(body.get("text").asText()).isEqualTo("<b>TMDb Authentication Error</b>\n"
                + "\n<b>TMDb Authentication Error</b> (error, TMDb)\n"
                + "Key &lt;b&gt;revoked&lt;/b&gt; &amp; \"rotated\"\n"
                + "Action: Check the key and save it.\n"
                + "<a href=\"https://aperture.example.net/alerts/" + alert + "\">Open in Aperture</a>\n");
        assertThat(n.deliveries(channel).get(0).get("status").asText()).isEqualTo("delivered");
    }

    @Test
    void a_flood_limit_is_retried_after_the_seconds_telegram_names_and_delivered_once() {
        AtomicInteger calls = new AtomicInteger();
        telegram.answer("/", r -> calls.incrementAndGet() == 1 ? Response.json(429, FLOOD) : Response.json(200, OK));
        String channel = channel();
        n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");
        n.flush();
        JsonNode waiting = n.deliveries(channel).get(0);
        assertThat(waiting.get("status").asText()).isEqualTo("pending");
        assertThat(waiting.get("lastError").asText()).isEqualTo("127.0.0.1 rate limited the bot: Too Many Requests: "
                + "retry after 42");
        assertThat(waiting.get("nextAttemptAt").asText()).isEqualTo("2026-03-14T15:10:39Z");

        n.advance(Duration.ofSeconds(41));
        n.tick();
        assertThat(calls).as("not before the 42 s Telegram asked for").hasValue(1);
        n.advance(Duration.ofSeconds(1));
        n.tick();
        n.advance(Duration.ofHours(1));
        n.tick();

        assertThat(calls).hasValue(2);
        assertThat(telegram.requests().get(1).body()).isEqualTo(telegram.requests().get(0).body());
        assertThat(n.delivered(channel)).isEqualTo(1);
        assertThat(n.channelView(channel).get("status").asText()).as("a rate limit is not a failure").isEqualTo("ok");
    }

    @Test
    void a_refused_token_makes_the_channel_failing_with_telegrams_reason() {
        telegram.answer(Response.json(401, UNAUTHORIZED));
        String channel = channel();
        n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");
        n.flush();

        JsonNode view = n.channelView(channel);
        assertThat(view.get("status").asText()).isEqualTo("failing");
        assertThat(view.get("lastError").asText()).isEqualTo("127.0.0.1 refused the bot token (401 Unauthorized): "
                + "copy the token from @BotFather again");
        assertThat(n.page("/notifications").body()).contains("refused the bot token (401 Unauthorized)");
        assertThat(n.deliveries(channel).get(0).get("status").asText()).as("kept for when the token is fixed")
                .isEqualTo("pending");
    }

    @Test
    void a_token_or_chat_that_is_not_telegrams_shape_is_refused_naming_the_field() {
        var reply = n.api().post("/api/notifications/channels", "{\"type\":\"telegram\",\"settings\":{\"token\":"
                + "\"../evil\",\"chatId\":\"-100\"}}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).startsWith("settings.token: must be a bot token");
        reply = n.api().post("/api/notifications/channels", "{\"type\":\"telegram\",\"settings\":{\"token\":\""
                + TOKEN + "\",\"chatId\":\"my chat\"}}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).startsWith("settings.chatId: must be a numeric chat id");
        assertThat(reply.body()).doesNotContain(TOKEN);
    }
}
