package dev.aperture.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** /api/notifications/channels: CRUD, masking, validation at save, and the Test button's answers. */
class ChannelApiTest {

    private static final String BASE = "/api/notifications/channels";
    private final FakeServer receiver = new FakeServer().answer(Response.json(200, "{}"));
    private final NotifyFixture n = new NotifyFixture(TestDatabases.SQLITE);

    @AfterEach
    void close() {
        n.close();
        receiver.close();
    }

    private RestClient api() {
        return n.api();
    }

    @Test
    void a_channel_is_created_shown_masked_updated_and_deleted() {
        String id = n.channel("{\"type\":\"gotify\",\"name\":\"phone\",\"settings\":{\"url\":\"" + receiver.baseUrl()
                + "\",\"token\":\"AgotifyToken-0123456789\"}}");
        JsonNode view = api().get(BASE + "/" + id).json();
        assertThat(view.get("name").asText()).isEqualTo("phone");
        assertThat(view.get("type").asText()).isEqualTo("gotify");
        assertThat(view.get("enabled").asBoolean()).isTrue();
        assertThat(view.get("status").asText()).isEqualTo("ok");
        assertThat(view.at("/settings/token").asText()).isEqualTo("••••6789");
        assertThat(view.at("/rules/severities")).extracting(JsonNode::asText)
                .containsExactly("error", "warning", "info");
        assertThat(view.at("/rules/services")).isEmpty();
        assertThat(view.at("/rules/sendResolved").asBoolean()).isTrue();
        assertThat(view.at("/rules/reminderIntervalMinutes").isNull()).isTrue();

        // Omitted token keeps the stored one; the masked value sent back keeps it too.
        JsonNode renamed = api().put(BASE + "/" + id, "{\"name\":\"my phone\",\"settings\":{\"token\":\"••••6789\"},"
                + "\"rules\":{\"severities\":[\"error\",\"warning\"],\"reminderIntervalMinutes\":120}}").json();
        assertThat(renamed.get("name").asText()).isEqualTo("my phone");
        assertThat(renamed.at("/rules/reminderIntervalMinutes").asInt()).isEqualTo(120);
        assertThat(api().post(BASE + "/" + id + "/test", "").json().get("ok").asBoolean()).isTrue();
        assertThat(receiver.lastRequest().header("x-gotify-key")).isEqualTo("AgotifyToken-0123456789");

        // An empty secret clears it, and a required one cleared is refused.
        RestClient.Reply cleared = api().put(BASE + "/" + id, "{\"settings\":{\"token\":\"\"}}");
        assertThat(cleared.status()).isEqualTo(400);
        assertThat(cleared.json().get("error").asText())
                .isEqualTo("settings.token: is required for a gotify channel");

        assertThat(api().get(BASE).json().get("channels")).hasSize(1);
        assertThat(api().delete(BASE + "/" + id).status()).isEqualTo(204);
        assertThat(api().get(BASE + "/" + id).status()).isEqualTo(404);
        assertThat(api().delete(BASE + "/" + id).status()).isEqualTo(404);
        assertThat(api().get(BASE).json().get("channels")).isEmpty();
    }

    @Test
    void webhook_headers_are_masked_kept_when_omitted_and_removed_when_empty() {
        String id = n.channel("{\"type\":\"webhook\",\"settings\":{\"url\":\"" + receiver.baseUrl() + "/h\"},"
                + "\"headers\":{\"Authorization\":\"Bearer hook-secret-4242\",\"X-Env\":\"production\"}}");
        assertThat(api().get(BASE + "/" + id).json().get("headers").toString())
                .isEqualTo("{\"Authorization\":\"••••4242\",\"X-Env\":\"••••on\"}");
        api().put(BASE + "/" + id, "{\"headers\":{\"X-Env\":\"\"}}");
        api().post(BASE + "/" + id + "/test", "");
        assertThat(receiver.lastRequest().header("authorization")).isEqualTo("Bearer hook-secret-4242");
        assertThat(receiver.lastRequest().header("x-env")).isNull();
    }

    @Test
    void bad_settings_are_refused_at_save_with_the_field_named() {
        String types = "email, webhook, discord, slack, ntfy, gotify, telegram, pushover, matrix, home_assistant, "
                + "apprise";
        assertError("{\"name\":\"x\"}", "type: is required: one of " + types);
        assertError("{\"type\":\"pager\"}", "type: must be one of " + types);
        assertError("{\"type\":\"webhook\"}", "settings.url: is required for a webhook channel");
        assertError("{\"type\":\"webhook\",\"settings\":{\"url\":\"ftp://example.net/x\"}}",
                "settings.url: must be an http:// or https:// URL with a host");
        assertError("{\"type\":\"webhook\",\"settings\":{\"url\":\"http://exa mple.net\"}}",
                "settings.url: is not a valid URL");
        assertError("{\"type\":\"discord\",\"settings\":{\"url\":\"discord.com/api/webhooks/1/abc\"}}",
                "settings.url: must be an http:// or https:// URL with a host");
        assertError("{\"type\":\"slack\",\"settings\":{\"url\":\"https://hooks.slack.com/x\",\"channel\":\"#ops\"}}",
                "settings.channel: is not a setting of a slack channel (settings: url)");
        assertError("{\"type\":\"email\",\"settings\":{\"host\":\"smtp.example.net\",\"port\":70000,"
                + "\"from\":\"a@example.net\",\"to\":\"b@example.net\"}}",
                "settings.port: must be a port number between 1 and 65535");
        assertError("{\"type\":\"email\",\"settings\":{\"host\":\"smtp.example.net\",\"from\":\"not an address\","
                + "\"to\":\"b@example.net\"}}",
                "settings.from: 'not an address' is not an email address such as alerts@example.com");
        assertError("{\"type\":\"email\",\"settings\":{\"host\":\"smtp.example.net\",\"from\":\"a@example.net\","
                + "\"to\":\"b@example.net, oops\"}}",
                "settings.to: 'oops' is not an email address such as alerts@example.com");
        assertError("{\"type\":\"email\",\"settings\":{\"host\":\"smtp.example.net\",\"security\":\"ssl3\","
                + "\"from\":\"a@example.net\",\"to\":\"b@example.net\"}}",
                "settings.security: must be one of starttls, tls, none");
        assertError("{\"type\":\"ntfy\",\"settings\":{\"url\":\"https://ntfy.sh/t\"},\"headers\":{\"X\":\"y\"}}",
                "headers: only a webhook channel takes custom headers");
        assertError("{\"type\":\"webhook\",\"settings\":{\"url\":\"https://example.net/h\"},\"headers\":{\"Host\":\"y\"}}",
                "headers.Host: is not a header name Aperture can set");
        assertError("{\"type\":\"webhook\",\"settings\":{\"url\":\"https://example.net/h\"},"
                + "\"rules\":{\"severities\":[\"critical\"]}}",
                "rules.severities: 'critical' is not one of error, warning, info");
        assertError("{\"type\":\"webhook\",\"settings\":{\"url\":\"https://example.net/h\"},"
                + "\"rules\":{\"services\":[\"netflix\"]}}",
                "rules.services: 'netflix' is not a service id (empty list = all services)");
        assertError("{\"type\":\"webhook\",\"settings\":{\"url\":\"https://example.net/h\"},"
                + "\"rules\":{\"reminderIntervalMinutes\":0}}",
                "rules.reminderIntervalMinutes: must be null (off) or minutes between 1 and 43200");
        assertThat(api().get(BASE).json().get("channels")).isEmpty();
    }

    private void assertError(String body, String error) {
        RestClient.Reply reply = api().post(BASE, body);
        assertThat(reply.status()).as(body).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).isEqualTo(error);
    }

    @Test
    void the_test_button_reports_the_receivers_answer_in_words() throws Exception {
        String hook = n.channel("{\"type\":\"webhook\",\"settings\":{\"url\":\"" + receiver.baseUrl() + "/h\"}}");
        JsonNode ok = api().post(BASE + "/" + hook + "/test", "").json();
        assertThat(ok.toString()).isEqualTo("{\"ok\":true,\"status\":200,\"message\":\"127.0.0.1 accepted the "
                + "message (200)\"}");
        JsonNode sample = NotifyFixture.parse(receiver.lastRequest().body());
        assertThat(sample.get("test").asBoolean()).isTrue();
        assertThat(sample.get("title").asText()).isEqualTo("Test: TMDb Authentication Error");

        receiver.answer("/h", Response.json(404, "{\"message\":\"Unknown Webhook\"}"));
        assertThat(api().post(BASE + "/" + hook + "/test", "").json().toString()).isEqualTo("{\"ok\":false,"
                + "\"status\":404,\"message\":\"127.0.0.1 answered 404 (no such webhook, topic or path: check the "
                + "URL): {\\\"message\\\":\\\"Unknown Webhook\\\"}\"}");
        receiver.answer("/h", new Response(301, "", java.util.Map.of("Location", "https://elsewhere.example/")));
        assertThat(api().post(BASE + "/" + hook + "/test", "").json().get("message").asText())
                .isEqualTo("127.0.0.1 answered a redirect (301), which is not followed: enter the final URL");

        int closed = dev.aperture.testing.PipelineFixture.closedPort();
        api().put(BASE + "/" + hook, "{\"settings\":{\"url\":\"http://127.0.0.1:" + closed + "/h\"}}");
        assertThat(api().post(BASE + "/" + hook + "/test", "").json().toString()).isEqualTo("{\"ok\":false,"
                + "\"status\":null,\"message\":\"connection refused by 127.0.0.1:" + closed + ": nothing listens "
                + "there, or the port is wrong\"}");

        String discord = n.channel("{\"type\":\"discord\",\"settings\":{\"url\":"
                + "\"https://discord.does-not-exist.invalid/api/webhooks/1/discord-token-77\"}}");
        JsonNode unknown = api().post(BASE + "/" + discord + "/test", "").json();
        assertThat(unknown.get("ok").asBoolean()).isFalse();
        assertThat(unknown.get("message").asText())
                .isEqualTo("unknown host 'discord.does-not-exist.invalid': check the host name in the URL");
        assertThat(api().post(BASE + "/nope/test", "").status()).isEqualTo(404);
        assertThat(n.deliveries(hook)).as("tests are not deliveries").isEmpty();
    }
}
