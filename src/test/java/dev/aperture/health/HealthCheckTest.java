package dev.aperture.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.calls.ServiceId;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.TestDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Background health checks, driven tick by tick on the app's controlled clock against fakes on loopback. */
class HealthCheckTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final Response TMDB_DOWN = Response.json(503,
            "{\"status_code\":9,\"status_message\":\"Service offline.\",\"success\":false}");
    private static final Response TMDB_UP = Response.json(200, "{\"success\":true,\"status_code\":1}");

    private final FakeServer fake = new FakeServer();
    private AppFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
        fake.close();
    }

    private void configureTmdb() {
        assertThat(fixture.api.put("/api/integrations/tmdb", "{\"apiKey\":\"" + KEY + "\",\"baseUrl\":\""
                + fake.baseUrl() + "/3\"}").status()).isEqualTo(200);
    }

    /** Moves the clock, runs one tick, answers how many probes the fake received during it. */
    private int probesAfter(Duration advance) {
        int before = fake.requests().size();
        fixture.clock.advance(advance);
        fixture.app.health.tick();
        return fake.requests().size() - before;
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void outage_alert_is_resolved_by_the_next_probe_after_the_fake_recovers(TestDatabases kind) {
        fixture = new AppFixture(kind);
        configureTmdb();
        fake.answer("/3/authentication", TMDB_DOWN);

        assertThat(fixture.app.health.tick()).containsExactly(ServiceId.TMDB);
        JsonNode open = fixture.api.get("/api/alerts?service=tmdb").json().at("/alerts");
        assertThat(open).hasSize(1);
        assertThat(open.at("/0/type").asText()).isEqualTo("outage");
        assertThat(fake.lastRequest().path()).isEqualTo("/3/authentication");
        assertThat(fake.lastRequest().query()).contains("api_key=" + KEY);

        fake.answer("/3/authentication", TMDB_UP);
        assertThat(probesAfter(Duration.ofSeconds(30))).as("not due yet").isZero();
        assertThat(probesAfter(Duration.ofSeconds(30))).as("one minute after the failed probe").isEqualTo(1);

        assertThat(fixture.api.get("/api/alerts?service=tmdb").json().at("/alerts")).isEmpty();
        JsonNode history = fixture.api.get("/api/alerts/history").json().at("/alerts/0");
        assertThat(history.get("resolution").asText()).isEqualTo("health_check");
        JsonNode view = fixture.api.get("/api/integrations/tmdb").json();
        assertThat(view.get("status").asText()).isEqualTo("connected");
        assertThat(view.get("lastSuccessAt").asText()).isEqualTo(fixture.clock.instant().toString());
        assertThat(view.get("lastCheckedAt").asText()).isEqualTo(view.get("lastSuccessAt").asText());
    }

    @Test
    void probe_intervals_escalate_while_an_outage_lasts_and_relax_when_it_ends() {
        fixture = new AppFixture(TestDatabases.SQLITE);
        configureTmdb();
        fake.answer("/3/authentication", TMDB_DOWN);
        fixture.app.health.tick();

        // Minutes between probes while it stays down: 1 ×5, then 5 ×3, then 15 ×2, then 30.
        List<Integer> gaps = new ArrayList<>();
        int minutes = 0;
        while (gaps.size() < 11) {
            minutes++;
            if (probesAfter(Duration.ofMinutes(1)) == 1) {
                gaps.add(minutes);
                minutes = 0;
            }
        }
        assertThat(gaps).containsExactly(1, 1, 1, 1, 1, 5, 5, 5, 15, 15, 30);

        fake.answer("/3/authentication", TMDB_UP);
        assertThat(probesAfter(Duration.ofMinutes(30))).isEqualTo(1);
        assertThat(probesAfter(Duration.ofMinutes(14))).as("back to the 15-minute interval").isZero();
        assertThat(probesAfter(Duration.ofMinutes(1))).isEqualTo(1);
    }

    @Test
    void no_probe_while_the_service_is_disabled_or_not_configured() {
        fixture = new AppFixture(TestDatabases.SQLITE);
        fake.answer(TMDB_UP);
        assertThat(fixture.app.health.tick()).isEmpty();
        configureTmdb();
        assertThat(fixture.api.put("/api/integrations/tmdb", "{\"enabled\":false}").status()).isEqualTo(200);

        assertThat(probesAfter(Duration.ofHours(2))).isZero();
        assertThat(fixture.app.health.nextCheckAt(ServiceId.TMDB)).isEmpty();

        assertThat(fixture.api.put("/api/integrations/tmdb", "{\"enabled\":true}").status()).isEqualTo(200);
        assertThat(probesAfter(Duration.ZERO)).isEqualTo(1);
    }

    @Test
    void a_rate_limited_service_is_not_probed_before_its_reset_and_then_the_pass_resolves_it() {
        fixture = new AppFixture(TestDatabases.SQLITE);
        configureTmdb();
        fake.answer("/3/authentication", Response.json(429, "{\"status_code\":25,\"status_message\":"
                + "\"Your request count (41) is over the allowed limit of 40.\"}", "Retry-After", "3600"));
        fixture.app.health.tick();
        assertThat(fixture.api.get("/api/alerts?service=tmdb").json().at("/alerts/0/type").asText())
                .isEqualTo("rate_limit");
        fake.answer("/3/authentication", TMDB_UP);

        assertThat(probesAfter(Duration.ofMinutes(16))).as("interval passed, reset not").isZero();
        assertThat(probesAfter(Duration.ofMinutes(45))).as("after the reset").isEqualTo(1);
        assertThat(fixture.api.get("/api/alerts?service=tmdb").json().at("/alerts")).isEmpty();
    }

    @Test
    void omdb_is_probed_every_six_hours_by_default_and_the_api_says_each_probe_costs_quota() {
        fixture = new AppFixture(TestDatabases.SQLITE);
        fake.answer(Response.json(200, "{\"Title\":\"Guardians of the Galaxy Vol. 2\",\"Response\":\"True\"}"));
        assertThat(fixture.api.put("/api/integrations/omdb", "{\"apiKey\":\"abc12345\",\"baseUrl\":\""
                + fake.baseUrl() + "/\"}").status()).isEqualTo(200);

        assertThat(probesAfter(Duration.ZERO)).isEqualTo(1);
        assertThat(probesAfter(Duration.ofHours(5))).isZero();
        assertThat(probesAfter(Duration.ofHours(1))).isEqualTo(1);

        assertThat(fake.lastRequest().query()).contains("i=tt3896198").contains("apikey=abc12345");
        assertThat(fixture.api.get("/api/integrations/omdb").json().get("probeCostsQuota").asBoolean()).isTrue();
        JsonNode omdb = quota(fixture.api.get("/api/quotas").json(), "omdb");
        assertThat(omdb.get("probeCostsQuota").asBoolean()).isTrue();
        assertThat(omdb.get("used").asLong()).isEqualTo(2);
        assertThat(omdb.get("limit").asLong()).isEqualTo(1000);
    }

    @Test
    void an_integration_shows_testing_while_a_background_probe_runs() throws Exception {
        fixture = new AppFixture(TestDatabases.SQLITE);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean answered = new AtomicBoolean();
        fake.answer("/3/authentication", r -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answered.set(true);
            return TMDB_UP;
        });
        configureTmdb();
        Thread tick = new Thread(fixture.app.health::tick);
        tick.start();

        await().atMost(Duration.ofSeconds(5)).until(() ->
                fixture.api.get("/api/integrations/tmdb").json().get("status").asText().equals("testing"));
        assertThat(fixture.app.health.tick()).as("a second tick never overlaps the running one").isEmpty();
        release.countDown();
        tick.join(10_000);

        assertThat(answered).isTrue();
        assertThat(fake.requests()).hasSize(1);
        assertThat(fixture.api.get("/api/integrations/tmdb").json().get("status").asText()).isEqualTo("connected");
    }

    static JsonNode quota(JsonNode quotas, String service) {
        for (JsonNode q : quotas) {
            if (q.get("service").asText().equals(service)) {
                return q;
            }
        }
        throw new AssertionError("no quota for " + service + " in " + quotas);
    }
}
