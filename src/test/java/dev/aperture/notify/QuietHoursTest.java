package dev.aperture.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.ServiceId;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.TestDatabases;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Quiet hours 23:00–07:00 Europe/Berlin (UTC+1 in March 2026), errors only, on the injected clock:
 * 02:00 local is 01:00Z and 07:00 local is 06:00Z on 15 March.
 */
@Execution(ExecutionMode.CONCURRENT)
class QuietHoursTest {

    private static final Instant TWO_AM = Instant.parse("2026-03-15T01:00:00Z");
    private static final Instant SEVEN_AM = Instant.parse("2026-03-15T06:00:00Z");

    private final FakeServer receiver = new FakeServer().answer(Response.json(200, "{}"));
    private NotifyFixture n;

    @AfterEach
    void close() {
        if (n != null) {
            n.close();
        }
        receiver.close();
    }

    private String quietWebhook() {
        return n.channel("{\"type\":\"webhook\",\"settings\":{\"url\":\"" + receiver.baseUrl() + "/hook\"},"
                + "\"rules\":{\"quietHours\":{\"start\":\"23:00\",\"end\":\"07:00\",\"zone\":\"Europe/Berlin\","
                + "\"minSeverity\":\"error\"}}}");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_warning_at_two_inside_quiet_hours_is_delivered_at_seven(TestDatabases kind) {
        n = new NotifyFixture(kind);
        String channel = quietWebhook();
        n.app.clock.set(TWO_AM);
        String alert = n.open(ServiceId.OMDB, ErrorType.RATE_LIMIT, "Request limit reached");
        n.flush();
        assertThat(receiver.requests()).as("held during quiet hours").isEmpty();

        n.app.clock.set(SEVEN_AM.minusSeconds(1));
        n.tick();
        assertThat(receiver.requests()).isEmpty();
        n.app.clock.set(SEVEN_AM);
        n.tick();

        assertThat(receiver.requests()).hasSize(1);
        JsonNode sent = NotifyFixture.parse(receiver.lastRequest().body());
        assertThat(sent.get("event").asText()).isEqualTo("opened");
        assertThat(sent.get("title").asText()).isEqualTo("OMDb Rate Limit Error");
        assertThat(sent.at("/alerts/0/alertId").asText()).isEqualTo(alert);
        assertThat(n.deliveries(channel).get(0).get("deliveredAt").asText()).isEqualTo("2026-03-15T06:00:00Z");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void an_error_at_two_goes_out_at_once(TestDatabases kind) {
        n = new NotifyFixture(kind);
        quietWebhook();
        n.app.clock.set(TWO_AM);
        n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");
        n.flush();

        assertThat(receiver.requests()).hasSize(1);
        assertThat(NotifyFixture.parse(receiver.lastRequest().body()).get("title").asText())
                .isEqualTo("TMDb Authentication Error");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void an_alert_opened_and_resolved_inside_the_window_is_one_message_at_its_end(TestDatabases kind) {
        n = new NotifyFixture(kind);
        String channel = quietWebhook();
        n.app.clock.set(TWO_AM);
        String alert = n.open(ServiceId.OMDB, ErrorType.RATE_LIMIT, "Request limit reached");
        n.flush();
        n.app.clock.set(TWO_AM.plusSeconds(3600));
        n.resolve(ServiceId.OMDB);
        n.flush();
        n.app.restart();
        n.app.clock.set(SEVEN_AM);
        n.tick();
        n.flush();

        assertThat(receiver.requests()).hasSize(1);
        JsonNode sent = NotifyFixture.parse(receiver.lastRequest().body());
        assertThat(sent.get("title").asText()).isEqualTo("Opened and resolved while you slept: OMDb Rate Limit Error");
        assertThat(sent.get("alerts")).hasSize(1);
        assertThat(sent.at("/alerts/0/alertId").asText()).isEqualTo(alert);
        assertThat(sent.at("/alerts/0/resolvedAt").asText()).isEqualTo("2026-03-15T02:00:00Z");
        assertThat(n.deliveries(channel)).hasSize(1);
    }
}
