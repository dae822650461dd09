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
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Batching, retries, restarts and rules, through the running app, on SQLite and PostgreSQL alike. */
@Execution(ExecutionMode.CONCURRENT)
class DeliveryTest {

    private final FakeServer receiver = new FakeServer().answer(Response.json(200, "{}"));
    private NotifyFixture n;

    @AfterEach
    void close() {
        if (n != null) {
            n.close();
        }
        receiver.close();
    }

    private String webhook(String rules) {
        return n.channel("{\"type\":\"webhook\",\"settings\":{\"url\":\"" + receiver.baseUrl() + "/hook\"}"
                + (rules.isEmpty() ? "" : ",\"rules\":" + rules) + "}");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void an_outage_of_three_services_is_one_message_and_its_recovery_another(TestDatabases kind) {
        n = new NotifyFixture(kind);
        webhook("");
        String tmdb = n.open(ServiceId.TMDB, ErrorType.OUTAGE, "503");
        n.advance(Duration.ofSeconds(10));
        String omdb = n.open(ServiceId.OMDB, ErrorType.OUTAGE, "503");
        n.open(ServiceId.OMDB, ErrorType.OUTAGE, "503 again");
        n.advance(Duration.ofSeconds(10));
        String trakt = n.open(ServiceId.TRAKT, ErrorType.OUTAGE, "503");
        n.tick();
        assertThat(receiver.requests()).as("the window has not passed yet").isEmpty();

        n.flush();
        assertThat(receiver.requests()).hasSize(1);
        JsonNode opened = NotifyFixture.parse(receiver.lastRequest().body());
        assertThat(opened.get("event").asText()).isEqualTo("opened");
        assertThat(opened.get("title").asText()).isEqualTo("3 alerts opened: TMDb, OMDb, Trakt");
        assertThat(opened.get("alerts").findValuesAsText("alertId")).containsExactly(tmdb, omdb, trakt);

        for (ServiceId s : new ServiceId[] {ServiceId.TMDB, ServiceId.OMDB, ServiceId.TRAKT}) {
            n.resolve(s);
        }
        n.flush();
        n.flush();
        assertThat(receiver.requests()).hasSize(2);
        JsonNode resolved = NotifyFixture.parse(receiver.lastRequest().body());
        assertThat(resolved.get("event").asText()).isEqualTo("resolved");
        assertThat(resolved.get("title").asText()).isEqualTo("3 alerts resolved: TMDb, OMDb, Trakt");
        assertThat(resolved.get("alerts").findValuesAsText("dedupKey"))
                .containsExactly("aperture:" + tmdb, "aperture:" + omdb, "aperture:" + trakt);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_receiver_that_fails_twice_gets_the_message_once_on_the_third_attempt(TestDatabases kind) {
        n = new NotifyFixture(kind);
        AtomicInteger calls = new AtomicInteger();
        receiver.answer("/hook", r -> calls.incrementAndGet() <= 2
                ? Response.html(502, "<html>Bad Gateway</html>") : Response.json(200, "{}"));
        String channel = webhook("");
        n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");

        n.flush();
        JsonNode first = n.deliveries(channel).get(0);
        assertThat(first.get("status").asText()).isEqualTo("pending");
        assertThat(first.get("attempts").asInt()).isEqualTo(1);
        assertThat(first.get("lastStatus").asInt()).isEqualTo(502);
        assertThat(first.get("lastError").asText()).isEqualTo("127.0.0.1 answered 502: <html>Bad Gateway</html>");
        assertThat(first.get("nextAttemptAt").asText()).isEqualTo("2026-03-14T15:10:27Z");

        n.advance(Duration.ofSeconds(29));
        n.tick();
        assertThat(calls).as("backoff: not before 30 s").hasValue(1);
        n.advance(Duration.ofSeconds(1));
        n.tick();
        assertThat(calls).hasValue(2);
        n.advance(Duration.ofSeconds(59));
        n.tick();
        assertThat(calls).as("backoff doubles to 1 min").hasValue(2);
        n.advance(Duration.ofSeconds(1));
        n.tick();
        n.advance(Duration.ofHours(2));
        n.tick();

        assertThat(calls).hasValue(3);
        assertThat(receiver.requests().stream().filter(r -> r.path().equals("/hook"))).hasSize(3);
        JsonNode delivered = n.deliveries(channel).get(0);
        assertThat(delivered.get("status").asText()).isEqualTo("delivered");
        assertThat(delivered.get("attempts").asInt()).isEqualTo(3);
        assertThat(delivered.get("deliveredAt").asText()).isEqualTo("2026-03-14T15:11:27Z");
        assertThat(n.api().get("/api/notifications/channels/" + channel).json().get("status").asText())
                .isEqualTo("ok");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_message_waiting_for_its_retry_goes_out_after_a_restart(TestDatabases kind) {
        n = new NotifyFixture(kind);
        receiver.answer("/hook", Response.json(503, "{\"error\":\"maintenance\"}"));
        String channel = webhook("");
        String alert = n.open(ServiceId.JELLYSEERR, ErrorType.CONFIGURATION, "Connection refused");
        n.flush();
        assertThat(receiver.requests()).hasSize(1);

        n.app.restart();
        receiver.answer("/hook", Response.json(200, "{}"));
        n.advance(Duration.ofMinutes(1));
        n.tick();

        assertThat(receiver.requests()).hasSize(2);
        assertThat(NotifyFixture.parse(receiver.lastRequest().body()).at("/alerts/0/alertId").asText())
                .isEqualTo(alert);
        long delivered = n.app.app.database.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM notification_deliveries WHERE channel_id = :c AND status = 'delivered'")
                .bind("c", channel).mapTo(Long.class).one());
        assertThat(delivered).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void an_event_queued_before_a_restart_is_batched_and_sent_after_it(TestDatabases kind) {
        n = new NotifyFixture(kind);
        webhook("");
        n.open(ServiceId.OPENAI, ErrorType.RATE_LIMIT, "You exceeded your current quota");
        n.app.restart();
        n.flush();
        assertThat(receiver.requests()).hasSize(1);
        assertThat(NotifyFixture.parse(receiver.lastRequest().body()).at("/alerts/0/service").asText())
                .isEqualTo("openai");
    }
}
