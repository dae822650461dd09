package dev.aperture.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.TestDatabases;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two Aperture processes on one PostgreSQL, both ticking health checks every second in the background:
 * every due probe is sent once, never twice and never two at a time. Slow tier: the scheduler's real ticks are
 * what is under test, and three rounds of them take about 25 s.
 */
@Tag("slow")
class HealthChecksOnTwoInstancesTest {

    @Test
    void probes_never_run_on_two_instances_sharing_one_database() {
        Map<String, String> env = Map.of("APERTURE_HEALTH_TICK_SECONDS", "1");
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        TestDatabases.Target db = TestDatabases.POSTGRESQL.create();
        try (FakeServer fake = new FakeServer();
             AppFixture first = new AppFixture(db, env, true);
             AppFixture second = new AppFixture(db, env, false)) {
            // A slow probe widens the window in which a second instance could start its own.
            fake.answer("/3/authentication", r -> {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
                inFlight.decrementAndGet();
                return Response.json(200, "{\"success\":true,\"status_code\":1}");
            });
            assertThat(first.api.put("/api/integrations/tmdb", "{\"apiKey\":\"k\",\"baseUrl\":\"" + fake.baseUrl()
                    + "/3\"}").status()).isEqualTo(200);

            for (int round = 1; round <= 3; round++) {
                int expected = round;
                await().atMost(Duration.ofSeconds(20)).until(() -> fake.requests().size() >= expected);
                // Two whole ticks more, on whichever instance claims them, while the service is not due again:
                // db-scheduler adds one to the task's version when a tick is picked and one when it is rescheduled.
                long seen = tickVersion(first);
                await().atMost(Duration.ofSeconds(30)).until(() -> tickVersion(first) >= seen + 5);
                assertThat(fake.requests()).as("probes after round %d", round).hasSize(expected);
                first.clock.advance(Duration.ofMinutes(16));
                second.clock.advance(Duration.ofMinutes(16));
            }

            assertThat(maxInFlight.get()).isEqualTo(1);
            long tasks = first.app.database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = 'health-checks'").mapTo(Long.class).one());
            assertThat(tasks).isEqualTo(1);
            long probes = first.app.database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT probes FROM health_checks WHERE service = 'tmdb'").mapTo(Long.class).one());
            assertThat(probes).isEqualTo(3);
        }
    }

    private static long tickVersion(AppFixture app) {
        return app.app.database.jdbi().withHandle(h -> h.createQuery(
                "SELECT version FROM scheduled_tasks WHERE task_name = 'health-checks'").mapTo(Long.class).one());
    }
}
