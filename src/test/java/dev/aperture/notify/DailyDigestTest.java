package dev.aperture.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.ServiceId;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A digest at 08:00 Europe/Berlin (07:00Z in March 2026), read from alert history, on the injected
 * clock; the fixture's clock starts on 14 March at 15:09:26Z.
 */
@Execution(ExecutionMode.CONCURRENT)
class DailyDigestTest {

    private static final Instant DIGEST_15TH = Instant.parse("2026-03-15T07:00:00Z");

    private final FakeServer receiver = new FakeServer().answer(Response.json(200, "{}"));
    private NotifyFixture n;

    @AfterEach
    void close() {
        if (n != null) {
            n.close();
        }
        receiver.close();
    }

    private String digestWebhook() {
        return n.channel("{\"type\":\"webhook\",\"settings\":{\"url\":\"" + receiver.baseUrl() + "/hook\"},"
                + "\"rules\":{\"digest\":{\"at\":\"08:00\",\"zone\":\"Europe/Berlin\"}}}");
    }

    private List<JsonNode> digests() {
        return receiver.requests().stream().map(r -> NotifyFixture.parse(r.body()))
                .filter(b -> b.get("event").asText().equals("digest")).toList();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_digest_after_a_restart_lists_what_opened_resolved_and_is_still_open_once_a_day(TestDatabases kind) {
        n = new NotifyFixture(kind);
        digestWebhook();
        String tmdb = n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");
        String omdb = n.open(ServiceId.OMDB, ErrorType.RATE_LIMIT, "Request limit reached");
        n.flush();
        n.advance(Duration.ofMinutes(10));
        n.resolve(ServiceId.OMDB);
        n.flush();
        n.app.clock.set(DIGEST_15TH.minusSeconds(1));
        n.tick();
        assertThat(digests()).as("not before 08:00 local").isEmpty();

        n.app.restart();
        n.app.clock.set(DIGEST_15TH);
        n.tick();
        n.app.restart();
        n.advance(Duration.ofMinutes(5));
        n.tick();

        assertThat(digests()).as("one digest for the day, across restarts").hasSize(1);
        JsonNode digest = digests().get(0);
        assertThat(digest.get("title").asText()).isEqualTo("Daily digest: 2 opened, 1 resolved, 1 still open");
        assertThat(digest.get("alerts").findValuesAsText("alertId")).containsExactly(tmdb, omdb);
        assertThat(digest.get("createdAt").asText()).isEqualTo("2026-03-15T07:00:00Z");

        // A day later both are older than 24 hours: only the alert still open is listed.
        n.app.clock.set(DIGEST_15TH.plus(Duration.ofDays(1)));
        n.tick();
        assertThat(digests()).hasSize(2);
        assertThat(digests().get(1).get("title").asText()).isEqualTo("Daily digest: 0 opened, 0 resolved, 1 still open");
        assertThat(digests().get(1).get("alerts").findValuesAsText("alertId")).containsExactly(tmdb);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_day_with_nothing_is_all_clear(TestDatabases kind) {
        n = new NotifyFixture(kind);
        String channel = digestWebhook();
        n.app.clock.set(DIGEST_15TH);
        n.tick();

        assertThat(receiver.requests()).hasSize(1);
        JsonNode digest = NotifyFixture.parse(receiver.lastRequest().body());
        assertThat(digest.get("event").asText()).isEqualTo("digest");
        assertThat(digest.get("title").asText()).isEqualTo("Daily digest: all clear");
        assertThat(digest.get("alerts")).isEmpty();
        assertThat(n.deliveries(channel).get(0).get("status").asText()).isEqualTo("delivered");
    }
}
