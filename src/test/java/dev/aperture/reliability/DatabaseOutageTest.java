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
 * The database goes away in the middle of a storm. The app reaches its PostgreSQL through a {@link TcpProxy}
 * the test cuts, so other tests on the same server are not disturbed. The outage lasts a number of
 * occurrences, not seconds: {@value #STORM} of them and until health has said the store is down. Calls keep
 * being classified, nothing throws, and every occurrence is in the counts once the store is back.
 */
@org.junit.jupiter.api.Tag("slow") // a soak: each call during the outage waits out the pool's connection timeout
class DatabaseOutageTest {

    /** Occurrences recorded while the store is cut off (one key, counted in memory until it is back). */
    private static final int STORM = 200_000;
    /** A new key every this many occurrences: 100 during the outage. */
    private static final int NEW_KEY_EVERY = STORM / 100;
    /**
     * A real call every this many: 5 during the outage. A call reads its settings from the store and, with the
     * store gone, waits out the pool's connection timeout before it falls back to what it last read.
     */
    private static final int CALL_EVERY = STORM / 5;

    @Test
    void an_outage_during_a_storm_loses_no_occurrence_and_health_says_the_store_is_down()
            throws Exception {
        TestDatabases.Target real = TestDatabases.POSTGRESQL.create();
        java.net.InetSocketAddress postgres = TestDatabases.postgresAddress();
        try (TcpProxy proxy = new TcpProxy(postgres.getPort()); FakeServer tmdb = new FakeServer()) {
            tmdb.answer(FakeServer.Response.json(401,
                    "{\"status_code\":7,\"status_message\":\"Invalid API key: You must be granted a valid key.\"}"));
            String viaProxy = real.url().orElseThrow().replace(postgres.getHostString() + ":" + postgres.getPort() + "/",
                    "127.0.0.1:" + proxy.port() + "/");
            assertThat(viaProxy).isNotEqualTo(real.url().orElseThrow());
            TestDatabases.Target proxied = new TestDatabases.Target(TestDatabases.POSTGRESQL, real.dataDir(),
                    Optional.of(viaProxy), null);
            // 3 s to wait for a connection instead of the default 10: the outage is counted in occurrences, and
            // every call and health check during it waits this out once or twice. (The start waits for its first
            // connection as long, which 1 s may not be on a busy machine.)
            try (AppFixture fx = new AppFixture(proxied, Map.of("APERTURE_DATABASE_TIMEOUT_SECONDS", "3"), false)) {
                CallRequest call = CallRequest.get(ServiceId.TMDB, URI.create(tmdb.baseUrl() + "/3/movie/603")).build();
                long counted = 0;
                // Before: a known key, counted in memory and flushed as usual.
                for (int i = 0; i < 1_000; i++) {
                    fx.app.alerts.record(Storms.failure(ServiceId.TMDB, ErrorType.AUTHENTICATION, "", fx.clock.instant()));
                    counted++;
                }
                long outsideCalls = 0;
                long newKeys = 0;
                try {
                    proxy.cut();
                    boolean healthSaidDown = false;
                    while (counted < STORM) {
                        fx.app.alerts.record(Storms.failure(ServiceId.TMDB, ErrorType.AUTHENTICATION, "", fx.clock.instant()));
                        counted++;
                        if (counted % CALL_EVERY == 0) {
                            // A real call through the pipeline: still classified, and its failure still counted.
                            CallResult r = fx.app.calls.call(call, CallContext.job(null));
                            assertThat(r.outcome()).isInstanceOfSatisfying(Outcome.Failure.class,
                                    f -> assertThat(f.type()).isEqualTo(ErrorType.AUTHENTICATION));
                            outsideCalls++;
                        }
                        if (counted % NEW_KEY_EVERY == 0) {
                            // New keys during the outage (one MDBList list each): held, written later.
                            fx.app.alerts.record(Storms.failure(ServiceId.MDBLIST, ErrorType.CONFIGURATION,
                                    "list-" + newKeys, fx.clock.instant()));
                            newKeys++;
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
                assertThat(outsideCalls).isEqualTo(5);
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
