package dev.aperture.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.ServiceId;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.TestDatabases;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** Per-channel rules, a channel that keeps failing, and how long retries go on. */
@Execution(ExecutionMode.CONCURRENT)
class RulesTest {

    private final FakeServer receiver = new FakeServer().answer(Response.json(200, "{}"));
    private final NotifyFixture n = new NotifyFixture(TestDatabases.SQLITE);

    @AfterEach
    void close() {
        n.close();
        receiver.close();
    }

    private String webhook(String path, String rules) {
        return n.channel("{\"type\":\"webhook\",\"settings\":{\"url\":\"" + receiver.baseUrl() + path + "\"}"
                + (rules.isEmpty() ? "" : ",\"rules\":" + rules) + "}");
    }

    @Test
    void a_channel_for_errors_only_gets_no_message_about_a_warning_or_an_info() {
        webhook("/errors", "{\"severities\":[\"error\"]}");
        n.open(ServiceId.OMDB, ErrorType.RATE_LIMIT, "Request limit reached!");
        n.open(ServiceId.TMDB, ErrorType.OUTAGE, "503");
        n.flush();
        n.resolve(ServiceId.OMDB);
        n.flush();
        assertThat(receiver.requests()).isEmpty();

        n.open(ServiceId.TRAKT, ErrorType.AUTHENTICATION, "Invalid client id");
        n.flush();
        assertThat(receiver.requests()).hasSize(1);
        assertThat(NotifyFixture.parse(receiver.lastRequest().body()).at("/alerts/0/service").asText())
                .isEqualTo("trakt");
    }

    @Test
    void service_filter_and_send_resolved_off_are_honoured_per_channel() {
        webhook("/tmdb-only", "{\"services\":[\"tmdb\"],\"sendResolved\":false}");
        webhook("/all", "");
        n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");
        n.open(ServiceId.OMDB, ErrorType.AUTHENTICATION, "Invalid API key!");
        n.flush();
        n.resolve(ServiceId.TMDB);
        n.flush();

        assertThat(receiver.requests().stream().filter(r -> r.path().equals("/tmdb-only"))
                .map(r -> NotifyFixture.parse(r.body()).get("title").asText()))
                .containsExactly("TMDb Authentication Error");
        assertThat(receiver.requests().stream().filter(r -> r.path().equals("/all"))
                .map(r -> NotifyFixture.parse(r.body()).get("title").asText()))
                .containsExactly("2 alerts opened: TMDb, OMDb", "Resolved: TMDb Authentication Error");
    }

    @Test
    void a_reminder_repeats_alerts_still_open_at_the_chosen_interval_and_stops_once_they_resolve() {
        webhook("/remind", "{\"reminderIntervalMinutes\":60}");
        n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");
        n.flush();
        n.advance(Duration.ofMinutes(30));
        n.tick();
        assertThat(receiver.requests()).hasSize(1);

        n.advance(Duration.ofMinutes(30));
        n.tick();
        assertThat(receiver.requests()).hasSize(2);
        JsonNode reminder = NotifyFixture.parse(receiver.lastRequest().body());
        assertThat(reminder.get("event").asText()).isEqualTo("reminder");
        assertThat(reminder.get("title").asText()).isEqualTo("Still open: TMDb Authentication Error");
        n.advance(Duration.ofMinutes(59));
        n.tick();
        assertThat(receiver.requests()).hasSize(2);

        n.resolve(ServiceId.TMDB);
        n.flush();
        n.advance(Duration.ofHours(3));
        n.tick();
        assertThat(receiver.requests().stream().map(r -> NotifyFixture.parse(r.body()).get("event").asText()))
                .containsExactly("opened", "reminder", "resolved");
    }

    @Test
    void a_channel_that_keeps_failing_shows_as_failing_and_raises_no_alert_of_its_own() {
        String channel = webhook("/down", "");
        receiver.answer("/down", Response.json(500, "{}"));
        n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");
        n.flush();
        for (int i = 0; i < 3; i++) {
            n.advance(Duration.ofHours(1));
            n.tick();
        }
        JsonNode view = n.api().get("/api/notifications/channels/" + channel).json();
        assertThat(view.get("status").asText()).isEqualTo("failing");
        assertThat(view.get("consecutiveFailures").asInt()).isEqualTo(4);
        assertThat(view.get("lastError").asText()).isEqualTo("127.0.0.1 answered 500: {}");
        assertThat(view.get("pendingDeliveries").asInt()).isEqualTo(1);
        assertThat(n.api().get("/api/alerts").json().get("alerts")).hasSize(1);
        assertThat(n.api().get("/api/notifications/channels").json().at("/channels/0/status").asText())
                .isEqualTo("failing");
    }

    @Test
    void retries_stop_after_a_day_and_the_delivery_is_marked_failed() {
        String channel = webhook("/down", "");
        receiver.answer("/down", Response.json(500, "{}"));
        n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");
        n.flush();
        for (int i = 0; i < 30; i++) {
            n.advance(Duration.ofHours(1));
            n.tick();
        }
        JsonNode d = n.deliveries(channel).get(0);
        assertThat(d.get("status").asText()).isEqualTo("failed");
        assertThat(d.get("lastError").asText()).startsWith("gave up: ");
        assertThat(d.get("nextAttemptAt").isNull()).isTrue();
        int attempts = d.get("attempts").asInt();
        assertThat(attempts).isBetween(20, 30);
        n.advance(Duration.ofHours(5));
        n.tick();
        assertThat(receiver.requests()).hasSize(attempts);
    }

    @Test
    void a_disabled_channel_gets_nothing_and_fixing_a_failing_channel_sends_what_waited_at_once() {
        String off = webhook("/off", "");
        n.api().put("/api/notifications/channels/" + off, "{\"enabled\":false}");
        String wrong = n.channel("{\"type\":\"webhook\",\"settings\":{\"url\":\"" + receiver.baseUrl()
                + "/typo\"}}");
        receiver.answer("/typo", Response.json(404, "{}"));
        n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");
        n.flush();
        n.advance(Duration.ofSeconds(30));
        n.tick();
        n.advance(Duration.ofMinutes(1));
        n.tick();
        assertThat(n.deliveries(wrong).get(0).get("attempts").asInt()).isEqualTo(3);

        n.api().put("/api/notifications/channels/" + wrong, "{\"settings\":{\"url\":\"" + receiver.baseUrl()
                + "/fixed\"}}");
        n.tick();
        assertThat(receiver.requests().stream().map(FakeServer.Recorded::path))
                .containsExactly("/typo", "/typo", "/typo", "/fixed");
        assertThat(n.deliveries(wrong).get(0).get("status").asText()).isEqualTo("delivered");
        assertThat(n.deliveries(off)).isEmpty();
        assertThat(n.api().get("/api/notifications/channels/" + off).json().get("status").asText())
                .isEqualTo("disabled");
    }
}
