package dev.aperture.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aperture.calls.CallContext;
import dev.aperture.calls.CallRequest;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.ServiceId;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.TcpProxy;
import dev.aperture.testing.TestDatabases;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The database goes away for 30 s in the middle of a storm. The app reaches its
 * PostgreSQL through a {@link TcpProxy} the test cuts, so other tests on the same server are not
 * disturbed. Calls keep being classified, nothing throws, health says the store is down, and every
 * occurrence is in the counts once the store is back.
 */
class DatabaseOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final int MAX_OCCURRENCES = 2_000_000;

    @Test
    void a_thirty_second_outage_during_a_storm_loses_no_occurrence_and_health_says_the_store_is_down()
            throws Exception {
        TestDatabases.Target real = TestDatabases.POSTGRESQL.create();
        try (TcpProxy proxy = new TcpProxy(5432); FakeServer tmdb = new FakeServer()) {
            tmdb.answer(FakeServer.Response.json(401,
                    "{\"status_code\":7,\"status_message\":\"Invalid API key: You must be granted a valid key.\"}"));
            String viaProxy = real.url().orElseThrow().replace("127.0.0.1:5432/", "127.0.0.1:" + proxy.port() + "/");
            TestDatabases.Target proxied = new TestDatabases.Target(TestDatabases.POSTGRESQL, real.dataDir(),
                    Optional.of(viaProxy), null);
            try (AppFixture fx = new AppFixture(proxied, Map.of(), false)) {
                CallRequest call = CallRequest.get(ServiceId.TMDB, URI.create(tmdb.baseUrl() + "/3/movie/603")).build();
                long counted = 0;
                // Before: a known key, counted in memory and flushed as usual.
                for (int i = 0; i < 1_000; i++) {
                    fx.app.alerts.record(Storms.failure(ServiceId.TMDB, ErrorType.AUTHENTICATION, "", fx.clock.instant()));
                    counted++;
                }
                long outsideCalls = 0;
                long newKeys = 0;
                long outageEnd;
                try {
                    proxy.cut();
                    outageEnd = System.nanoTime() + OUTAGE.toNanos();
                    boolean healthSaidDown = false;
                    long nextCall = 0;
                    while (System.nanoTime() < outageEnd && counted < MAX_OCCURRENCES) {
                        fx.app.alerts.record(Storms.failure(ServiceId.TMDB, ErrorType.AUTHENTICATION, "", fx.clock.instant()));
                        counted++;
                        if (System.nanoTime() > nextCall) {
                            // A real call through the pipeline: still classified, and its failure still counted.
                            CallResult r = fx.app.calls.call(call, CallContext.job(null));
                            assertThat(r.outcome()).isInstanceOfSatisfying(Outcome.Failure.class,
                                    f -> assertThat(f.type()).isEqualTo(ErrorType.AUTHENTICATION));
                            outsideCalls++;
                            // New keys during the outage (one MDBList list each): held, written later.
                            fx.app.alerts.record(Storms.failure(ServiceId.MDBLIST, ErrorType.CONFIGURATION,
                                    "list-" + newKeys, fx.clock.instant()));
                            newKeys++;
                            nextCall = System.nanoTime() + Duration.ofMillis(200).toNanos();
                        }
                        if (!healthSaidDown && counted % 50_000 == 0) {
                            healthSaidDown = isDown(fx);
                        }
                    }
                    if (!healthSaidDown) {
                        await().atMost(Duration.ofSeconds(30)).until(() -> isDown(fx));
                    }
                } finally {
                    proxy.restore();
                }
                long tmdbTotal = counted + outsideCalls;
                long lists = newKeys;
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    assertThat(fx.api.get("/api/health").status()).isEqualTo(200);
                    assertThat(fx.app.alerts.unwritten()).isZero();
                    assertThat(occurrences(fx, "tmdb")).isEqualTo(tmdbTotal);
                    assertThat(occurrences(fx, "mdblist")).isEqualTo(lists);
                });
                assertThat(fx.app.alerts.dropped()).isZero();
                assertThat(fx.api.get("/api/alerts?service=tmdb").json().get("alerts")).hasSize(1);
                assertThat(fx.api.get("/api/alerts?service=mdblist").json().get("alerts")).hasSize((int) lists);
                assertThat(counted).as("storm size").isGreaterThan(10_000);
            }
        } finally {
            real.close();
        }
    }

    private static boolean isDown(AppFixture fx) {
        var reply = fx.api.get("/api/health");
        return reply.status() == 503 && reply.body().contains("\"store\":\"down\"");
    }

    private static long occurrences(AppFixture fx, String service) {
        return fx.app.database.jdbi().withHandle(h -> h.createQuery(
                "SELECT COALESCE(SUM(occurrences), 0) FROM alerts WHERE service = :s").bind("s", service)
                .mapTo(Long.class).one());
    }
}
