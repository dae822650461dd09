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

/** Home Assistant's REST API on loopback: the notify service call, a proxy's Retry-After, a refused token. */
class HomeAssistantChannelTest {

    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJhcGVydHVyZSJ9.c2lnbmF0dXJlLWxvbmctbGl2ZWQ";
    // developers.home-assistant.io/docs/api/rest, POST /api/services/<domain>/<service>, and home-assistant/core
    // homeassistant/components/api/__init__.py (APIDomainServicesView): 200 with the states the call changed, an
    // empty list for a notify service.
    private static final String OK = "[]";

    private final FakeServer homeAssistant = new FakeServer();
    private final NotifyFixture n = new NotifyFixture(TestDatabases.SQLITE);

    @AfterEach
    void close() {
        n.close();
        homeAssistant.close();
    }

    private String channel() {
        return n.channel("{\"type\":\"home_assistant\",\"settings\":{\"url\":\"" + homeAssistant.baseUrl()
                + "\",\"token\":\"" + TOKEN + "\",\"service\":\"notify.mobile_app_pixel_8\"}}");
    }

    @Test
    void an_alert_calls_the_notify_service_with_title_and_message() {
        homeAssistant.answer(Response.json(200, OK));
        String channel = channel();
        String alert = n.open(ServiceId.OMDB, ErrorType.RATE_LIMIT, "Request limit reached!");
        n.flush();

        FakeServer.Recorded r = homeAssistant.lastRequest();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/api/services/notify/mobile_app_pixel_8");
        assertThat(r.header("authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(r.header("content-type")).isEqualTo("application/json; charset=utf-8");
        assertThat(NotifyFixture.parse(r.body())).isEqualTo(NotifyFixture.parse("{\"title\":\"OMDb Rate Limit Error\","
                + "\"message\":\"OMDb Rate Limit Error (warning)\\nRequest limit reached!\\nAction: Check the key and "
                + "save it.\\nOccurrences: 1, first seen 2026-03-14T15:09:26Z\\nhttps://aperture.example.net/alerts/"
                + alert + "\"}"));
        assertThat(n.channelView(channel).at("/settings/service").asText()).isEqualTo("notify.mobile_app_pixel_8");
        assertThat(n.delivered(channel)).isEqualTo(1);
    }

    @Test
    void a_429_with_retry_after_is_retried_at_the_stated_time_and_delivered_once() {
        AtomicInteger calls = new AtomicInteger();
        // RFC 9110 section 10.2.3: Retry-After in delay-seconds, as a reverse proxy in front of Home Assistant sends it.
        homeAssistant.answer("/", r -> calls.incrementAndGet() == 1
                ? new Response(429, "Too Many Requests", Map.of("Content-Type", "text/plain", "Retry-After", "120"))
                : Response.json(200, OK));
        String channel = channel();
        n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");
        n.flush();
        assertThat(n.deliveries(channel).get(0).get("nextAttemptAt").asText()).isEqualTo("2026-03-14T15:11:57Z");

        n.advance(Duration.ofSeconds(119));
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
    void a_refused_long_lived_token_makes_the_channel_failing_with_the_reason() {
        // Home Assistant's answer to a wrong bearer token: aiohttp's HTTPUnauthorized, 401 with a plain-text body.
        homeAssistant.answer(Response.of(401, "text/plain; charset=utf-8", "401: Unauthorized"));
        String channel = channel();
        n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");
        n.flush();

        JsonNode view = n.channelView(channel);
        assertThat(view.get("status").asText()).isEqualTo("failing");
        assertThat(view.get("lastError").asText()).isEqualTo("127.0.0.1 refused the long-lived access token (401): "
                + "create a new one under your Home Assistant profile → Security");
        assertThat(n.page("/notifications").body()).contains("refused the long-lived access token (401)");
    }

    @Test
    void a_service_name_outside_home_assistants_shape_is_refused_naming_the_field() {
        var reply = n.api().post("/api/notifications/channels", "{\"type\":\"home_assistant\",\"settings\":{\"url\":\""
                + homeAssistant.baseUrl() + "\",\"token\":\"" + TOKEN + "\",\"service\":\"../../config\"}}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).startsWith("settings.service: must be a notify service name");
    }

    @Test
    void an_unknown_notify_service_is_a_failed_delivery_that_says_where_to_find_the_name() {
        // homeassistant/components/api/__init__.py, APIDomainServicesView: ServiceNotFound becomes aiohttp's bare
        // HTTPBadRequest, which names neither the service nor the reason.
        homeAssistant.answer(Response.of(400, "text/plain; charset=utf-8", "400: Bad Request"));
        String channel = channel();
        n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");
        n.flush();

        assertThat(homeAssistant.lastRequest().path()).isEqualTo("/api/services/notify/mobile_app_pixel_8");
        assertThat(n.delivered(channel)).isZero();
        assertThat(n.channelView(channel).get("lastError").asText()).isEqualTo("127.0.0.1 refused the service call "
                + "(400): the notify service does not exist or refused the data; check its name under Developer "
                + "tools → Actions");
    }
}
