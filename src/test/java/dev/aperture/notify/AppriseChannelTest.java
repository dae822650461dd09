package dev.aperture.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.ServiceId;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.TestDatabases;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An Apprise API server on loopback: stateful and stateless calls, type mapping, Retry-After, a refused proxy login. */
class AppriseChannelTest {

    private static final String KEY = "aperture-alerts";
    private static final String URLS = "tgram://123456:bottoken/-100200300 pover://userkey@apptoken";
    // caronc/apprise-api, apprise_api/api/views.py (NotifyView, StatelessNotifyView): 200 in text/plain when every
    // service took the notification, even to a JSON request.
    private static final String OK = "Notification(s) sent.";

    private final FakeServer apprise = new FakeServer();
    private final NotifyFixture n = new NotifyFixture(TestDatabases.SQLITE);

    @AfterEach
    void close() {
        n.close();
        apprise.close();
    }

    private String stateful() {
        return n.channel("{\"type\":\"apprise\",\"settings\":{\"url\":\"" + apprise.baseUrl() + "\",\"key\":\"" + KEY
                + "\",\"tag\":\"admins\"}}");
    }

    @Test
    void a_stateful_channel_posts_to_its_key_with_the_failure_type_and_the_resolution_as_success() {
        apprise.answer(Response.of(200, "text/plain", OK));
        stateful();
        String alert = n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");
        n.flush();

        FakeServer.Recorded r = apprise.lastRequest();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/notify/" + KEY);
        assertThat(r.header("content-type")).isEqualTo("application/json; charset=utf-8");
        assertThat(NotifyFixture.parse(r.body())).isEqualTo(NotifyFixture.parse("{\"title\":\"TMDb Authentication "
                + "Error\",\"body\":\"TMDb Authentication Error (error)\\nInvalid API key\\nAction: Check the key and "
                + "save it.\\nOccurrences: 1, first seen 2026-03-14T15:09:26Z\\nhttps://aperture.example.net/alerts/"
                + alert + "\",\"type\":\"failure\",\"format\":\"text\",\"tag\":\"admins\"}"));

        n.open(ServiceId.OMDB, ErrorType.RATE_LIMIT, "Request limit reached");
        n.flush();
        assertThat(NotifyFixture.parse(apprise.lastRequest().body()).get("type").asText()).isEqualTo("warning");
        n.open(ServiceId.TRAKT, ErrorType.OUTAGE, "503");
        n.flush();
        assertThat(NotifyFixture.parse(apprise.lastRequest().body()).get("type").asText()).isEqualTo("info");
        n.resolve(ServiceId.TMDB);
        n.flush();
        JsonNode resolved = NotifyFixture.parse(apprise.lastRequest().body());
        assertThat(resolved.get("type").asText()).isEqualTo("success");
        assertThat(resolved.get("title").asText()).isEqualTo("Resolved: TMDb Authentication Error");
    }

    @Test
    void a_stateless_channel_posts_its_urls_to_notify_and_never_shows_them() {
        apprise.answer(Response.of(200, "text/plain", OK));
        String channel = n.channel("{\"type\":\"apprise\",\"settings\":{\"url\":\"" + apprise.baseUrl()
                + "\",\"urls\":\"" + URLS + "\"}}");
        n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");
        n.flush();

        FakeServer.Recorded r = apprise.lastRequest();
        assertThat(r.path()).isEqualTo("/notify");
        JsonNode body = NotifyFixture.parse(r.body());
        assertThat(body.fieldNames()).toIterable().containsExactly("urls", "title", "body", "type", "format");
        assertThat(body.get("urls").asText()).isEqualTo(URLS);
        assertThat(n.channelView(channel).toString()).doesNotContain("bottoken").doesNotContain("apptoken");
    }

    @Test
    void a_429_with_retry_after_is_retried_at_the_stated_time_and_delivered_once() {
        AtomicInteger calls = new AtomicInteger();
        // RFC 9110 section 10.2.3: Retry-After in delay-seconds.
        apprise.answer("/", r -> calls.incrementAndGet() == 1
                ? new Response(429, "Too Many Requests", Map.of("Content-Type", "text/plain", "Retry-After", "300"))
                : Response.of(200, "text/plain", OK));
        String channel = stateful();
        n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");
        n.flush();
        assertThat(n.deliveries(channel).get(0).get("nextAttemptAt").asText()).isEqualTo("2026-03-14T15:14:57Z");

        n.advance(Duration.ofSeconds(299));
        n.tick();
        assertThat(calls).hasValue(1);
        n.advance(Duration.ofSeconds(1));
        n.tick();
        n.advance(Duration.ofHours(1));
        n.tick();

        assertThat(calls).hasValue(2);
        assertThat(n.delivered(channel)).isEqualTo(1);
    }

    @Test
    void a_refused_login_at_the_proxy_makes_the_channel_failing_and_a_424_names_the_failed_services() {
        apprise.answer(Response.html(401, "<html><head><title>401 Authorization Required</title></head></html>"));
        String channel = stateful();
        n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");
        n.flush();
        JsonNode view = n.channelView(channel);
        assertThat(view.get("status").asText()).isEqualTo("failing");
        assertThat(view.get("lastError").asText()).isEqualTo("127.0.0.1 refused the request (401): check the "
                + "credentials of the proxy in front of Apprise");

        // apprise_api/api/views.py, NotifyView: 424 when one or more of the services could not be notified, with the
        // reason as {"error": ...} because the request was JSON.
        apprise.answer(Response.json(424, "{\"error\":\"One or more notification could not be sent.\"}"));
        n.api().post("/api/notifications/channels/" + channel + "/test", "");
        JsonNode test = n.api().post("/api/notifications/channels/" + channel + "/test", "").json();
        assertThat(test.get("ok").asBoolean()).isFalse();
        assertThat(test.get("message").asText()).isEqualTo("127.0.0.1 could not deliver to one or more of its "
                + "services (424): One or more notification could not be sent.");
    }

    @Test
    void a_key_together_with_urls_is_refused_naming_the_field() {
        var reply = n.api().post("/api/notifications/channels", "{\"type\":\"apprise\",\"settings\":{\"url\":\""
                + apprise.baseUrl() + "\",\"key\":\"" + KEY + "\",\"urls\":\"" + URLS + "\"}}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).startsWith("settings.urls: must be empty when a key is set");
        assertThat(reply.body()).doesNotContain("bottoken");
        reply = n.api().post("/api/notifications/channels", "{\"type\":\"apprise\",\"settings\":{\"url\":\""
                + apprise.baseUrl() + "\"}}");
        assertThat(reply.json().get("error").asText()).startsWith("settings.key: is required unless urls are given");
    }

    @Test
    void a_key_without_configuration_on_the_server_is_a_failed_delivery_that_says_to_add_urls() {
        // apprise_api/api/views.py, NotifyView: 204 when the key holds no configuration; the {"error": ...} it
        // writes does not travel, as a 204 has no content (RFC 9110 section 15.3.5).
        apprise.answer(Response.of(204, "application/json", ""));
        String channel = stateful();
        n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");
        n.flush();

        assertThat(apprise.lastRequest().path()).isEqualTo("/notify/" + KEY);
        assertThat(n.delivered(channel)).isZero();
        assertThat(n.channelView(channel).get("lastError").asText()).isEqualTo("127.0.0.1 has no notification URLs "
                + "under this key (204): add some in the Apprise configuration");
    }
}
