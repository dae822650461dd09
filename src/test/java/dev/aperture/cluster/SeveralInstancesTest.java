package dev.aperture.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.ApertureProcess;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three Aperture processes (separate JVMs, ports and data dirs) on one PostgreSQL database, heartbeats every
 * second: scheduled work happens once across them, alerts stay unique with summed counts, any instance
 * serves the same state at once, together they stay within a provider's limit, and a killed instance's run
 * is taken over. The methods share the cluster and run in order; the last one kills an instance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralInstancesTest {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SeveralInstancesTest.class);
    private static final String PASSWORD = "cluster-test-admin-password";
    private static final String TMDB_OK = "{\"success\":true,\"status_code\":1}";
    /** TMDb's limit for this test: small enough that twelve busy clients would blow through it unpaced. */
    private static final int TMDB_PER_SECOND = 12;

    private final TestDatabases.Target db = TestDatabases.POSTGRESQL.create();
    private final FakeServer tmdb = new FakeServer();
    private final FakeServer omdb = new FakeServer();
    private final FakeServer webhook = new FakeServer().answer(Response.json(200, "{}"));
    /** When each request reached the fake TMDb (System.nanoTime), for the combined-rate check. */
    private final List<Long> tmdbArrivals = new CopyOnWriteArrayList<>();
    private final List<ApertureProcess> processes = new ArrayList<>();
    private final List<RestClient> apis = new ArrayList<>();

    @BeforeAll
    void start_three_instances_on_one_database() throws Exception {
        tmdb.answer("/3/", r -> {
            tmdbArrivals.add(System.nanoTime());
            return Response.json(200, r.path().startsWith("/3/movie/")
                    ? "{\"id\":1,\"title\":\"A film\",\"overview\":\"An overview\",\"genres\":[],\"vote_average\":7.1}"
                    : TMDB_OK);
        });
        for (String name : List.of("a", "b", "c")) {
            Map<String, String> env = new HashMap<>();
            env.put("APERTURE_DATABASE_URL", db.url().orElseThrow());
            env.put("APERTURE_DATA_DIR", Files.createTempDirectory("aperture-" + name).toString());
            env.put("APERTURE_SECRET_KEY", "one passphrase shared by every instance");
            env.put("APERTURE_ADMIN_PASSWORD", PASSWORD);
            env.put("APERTURE_INSTANCE_NAME", name);
            env.put("APERTURE_HEARTBEAT_SECONDS", "1");
            env.put("APERTURE_JOB_TICK_SECONDS", "1");
            env.put("APERTURE_HEALTH_TICK_SECONDS", "1");
            env.put("APERTURE_HEALTH_INTERVAL_TMDB", "3s");
            env.put("APERTURE_RATE_TMDB", TMDB_PER_SECOND + "/1s");
            env.put("APERTURE_NOTIFY_BATCH_SECONDS", "1");
            env.put("APERTURE_NOTIFY_TICK_SECONDS", "1");
            ApertureProcess process = ApertureProcess.start(ApertureProcess.freePort(), env);
            processes.add(process);
            apis.add(RestClient.loggedIn(process.baseUrl(), "admin", PASSWORD));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (RestClient api : apis) {
                assertThat(api.get("/api/instances").json().get("sharing").asInt()).isEqualTo(3);
            }
        });
        assertThat(apis.get(0).put("/api/integrations/tmdb", "{\"apiKey\":\"tmdb-cluster-key\",\"baseUrl\":\""
                + tmdb.baseUrl() + "/3\"}").status()).isEqualTo(200);
        assertThat(apis.get(1).post("/api/notifications/channels", "{\"type\":\"webhook\",\"name\":\"ops\","
                + "\"settings\":{\"url\":\"" + webhook.baseUrl() + "/hooks/aperture\"}}").status()).isEqualTo(201);
    }

    @AfterAll
    void stop() throws InterruptedException {
        for (ApertureProcess p : processes) {
            p.close();
        }
        tmdb.close();
        omdb.close();
        webhook.close();
        db.close();
    }

    @Test
    @Order(1)
    void every_instance_serves_the_settings_saved_on_one_and_lists_all_three() {
        for (RestClient api : apis) {
            JsonNode tmdbSettings = api.get("/api/integrations/tmdb").json();
            assertThat(tmdbSettings.at("/settings/baseUrl").asText()).isEqualTo(tmdb.baseUrl() + "/3");
            assertThat(tmdbSettings.at("/settings/apiKey").asText()).endsWith("-key").doesNotContain("tmdb-cluster");
            JsonNode instances = api.get("/api/instances").json();
            assertThat(instances.get("instances")).extracting(i -> i.get("name").asText())
                    .containsExactlyInAnyOrder("a", "b", "c");
        }
        assertThat(apis.get(1).get("/api/instances").json().get("self").asText()).isEqualTo("b");
    }

    @Test
    @Order(2)
    void a_scheduled_job_runs_once_per_schedule_across_the_instances() {
        // housekeeping is the retention pass; each instance's ticker would start it every 3 s if unclaimed.
        assertThat(apis.get(2).put("/api/jobs/housekeeping", "{\"schedule\":\"every 3s\",\"enabled\":true}")
                .status()).isEqualTo(200);
        LockSupport.parkNanos(Duration.ofSeconds(13).toNanos());
        assertThat(apis.get(0).put("/api/jobs/housekeeping", "{\"schedule\":\"every 1d\"}").status()).isEqualTo(200);

        List<Instant> started = new ArrayList<>();
        for (JsonNode run : apis.get(1).get("/api/jobs/runs?job=housekeeping&limit=100").json().get("runs")) {
            assertThat(run.get("trigger").asText()).isEqualTo("schedule");
            assertThat(run.get("status").asText()).isEqualTo("succeeded");
            started.add(Instant.parse(run.get("startedAt").asText()));
        }
        started.sort(null);
        LOG.info("cluster schedule: housekeeping every 3s for 13 s ran {} time(s), started {}", started.size(), started);
        // A 3 s schedule seen by a 1 s ticker that db-scheduler picks up within its 2 s polling: every 3–5 s.
        assertThat(started).hasSizeBetween(2, 5);
        for (int i = 1; i < started.size(); i++) {
            assertThat(Duration.between(started.get(i - 1), started.get(i)))
                    .as("gap between scheduled runs %d and %d", i, i + 1).isGreaterThanOrEqualTo(Duration.ofMillis(2900));
        }
    }

    @Test
    @Order(3)
    void a_probe_runs_once_per_interval_across_the_instances() {
        long from = System.nanoTime();
        LockSupport.parkNanos(Duration.ofSeconds(12).toNanos());
        List<Long> probes = tmdbArrivals.stream().filter(t -> t >= from).sorted().toList();
        // Due every 3 s, found by a tick every second that db-scheduler picks up within its 2 s polling: a
        // probe every 3–5 s, one instance at a time. Three instances probing on their own would send 3 at once.
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < probes.size(); i++) {
            gaps.add((probes.get(i) - probes.get(i - 1)) / 1_000_000);
        }
        LOG.info("cluster probes: {} TMDb probe(s) in 12 s, gaps {} ms", probes.size(), gaps);
        assertThat(probes).hasSizeBetween(2, 4);
        for (int i = 1; i < probes.size(); i++) {
            assertThat(Duration.ofNanos(probes.get(i) - probes.get(i - 1))).as("gap between probes %d and %d", i, i + 1)
                    .isGreaterThan(Duration.ofMillis(2900));
        }
    }

    @Test
    @Order(4)
    void concurrent_failures_on_every_instance_make_one_alert_whose_count_is_their_sum() throws Exception {
        omdb.answer("/", r -> Response.json(401, "{\"Response\":\"False\",\"Error\":\"Invalid API key!\"}"));
        assertThat(apis.get(0).put("/api/integrations/omdb", "{\"apiKey\":\"omdbbad1\",\"baseUrl\":\""
                + omdb.baseUrl() + "\"}").status()).isEqualTo(200);
        int failed = spread(9, api -> {
            int refused = 0;
            for (int i = 0; i < 10; i++) {
                if (!api.post("/api/integrations/omdb/test", "").json().get("ok").asBoolean()) {
                    refused++;
                }
            }
            return refused;
        });
        assertThat(failed).isEqualTo(90);

        // Background probes of OMDb fail too and count as well: the sum is every request the fake refused.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            int sent = omdb.requests().size();
            for (RestClient api : apis) {
                List<JsonNode> open = openAlerts(api, "omdb");
                assertThat(open).hasSize(1);
                assertThat(open.get(0).get("type").asText()).isEqualTo("authentication");
                assertThat(open.get(0).get("count").asInt()).isEqualTo(sent);
            }
        });
        assertThat(omdb.requests().size()).isGreaterThanOrEqualTo(90);
        LOG.info("cluster alert: 90 failed tests over 3 instances, OMDb fake refused {} request(s), one alert with that count",
                omdb.requests().size());
        long rows = org.jdbi.v3.core.Jdbi.create(db.url().orElseThrow()).withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM alerts WHERE service = 'omdb' AND resolved_at IS NULL AND dismissed_at IS NULL")
                .mapTo(Long.class).one());
        assertThat(rows).as("open OMDb alerts stored").isEqualTo(1);

        // Three notification workers, one outbox: the opened alert is posted once, and not again later.
        await().atMost(Duration.ofSeconds(15)).until(() -> omdbWebhooks("opened") >= 1);
        LockSupport.parkNanos(Duration.ofSeconds(4).toNanos());
        assertThat(omdbWebhooks("opened")).isEqualTo(1);
    }

    private long omdbWebhooks(String event) {
        return webhook.requests().stream().filter(r -> event.equals(r.header("x-aperture-event"))
                && r.body().contains("\"service\":\"omdb\"")).count();
    }

    @Test
    @Order(5)
    void a_dismiss_on_one_instance_is_seen_by_the_others_at_once() {
        String id = openAlerts(apis.get(1), "omdb").get(0).get("id").asText();

        assertThat(apis.get(1).post("/api/alerts/" + id + "/dismiss", "").status()).isEqualTo(200);

        // Each instance serves alerts from memory; another's change reaches it by NOTIFY, within milliseconds.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(openAlerts(apis.get(0), "omdb")).isEmpty();
            assertThat(openAlerts(apis.get(2), "omdb")).isEmpty();
            assertThat(apis.get(2).get("/api/alerts/history").json().get("alerts"))
                    .anySatisfy(a -> {
                        assertThat(a.get("id").asText()).isEqualTo(id);
                        assertThat(a.get("dismissedAt").isNull()).isFalse();
                    });
        });
    }

    @Test
    @Order(6)
    void together_the_instances_never_exceed_a_services_limit() throws Exception {
        long from = System.nanoTime();
        long until = from + Duration.ofSeconds(6).toNanos();
        int ok = spread(12, api -> {
            int answered = 0;
            while (System.nanoTime() < until) {
                if (api.post("/api/integrations/tmdb/test", "").json().get("ok").asBoolean()) {
                    answered++;
                }
            }
            return answered;
        });

        List<Long> arrivals = tmdbArrivals.stream().filter(t -> t >= from).sorted().toList();
        int busiest = 0;
        for (int i = 0, j = 0; i < arrivals.size(); i++) {
            while (arrivals.get(i) - arrivals.get(j) >= Duration.ofSeconds(1).toNanos()) {
                j++;
            }
            busiest = Math.max(busiest, i - j + 1);
        }
        // Unpaced, twelve clients would send far more than 12/s; paced at a third each, the sum stays under.
        assertThat(ok).isGreaterThanOrEqualTo(30);
        assertThat(arrivals.size()).isGreaterThanOrEqualTo(ok);
        // What this checks is the split: without it the same clients send about three times the limit (36 in one
        // second seen). Arrivals at the fake lag their permits by thread scheduling and bunch, so the busiest
        // wall-clock second has read 12 to 16 here with the split in place; exact compliance with a strict window
        // is measured by bench/run-pacing.sh (0 refused), not by counting wall-clock arrivals.
        assertThat(busiest).as("most TMDb requests within any one second, all instances together")
                .isLessThanOrEqualTo(TMDB_PER_SECOND * 3 / 2);
        LOG.info("cluster pacing: {} TMDb requests in ~6 s from 3 instances, busiest second {} (limit {})",
                arrivals.size(), busiest, TMDB_PER_SECOND);
    }

    @Test
    @Order(7)
    void killing_the_instance_that_runs_a_job_lets_another_take_it_over() throws Exception {
        // OMDb answers slowly, so the run is still going when its instance dies.
        omdb.answer("/", r -> {
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
            String imdb = r.query().replaceAll(".*[?&]?i=(tt\\d+).*", "$1");
            return Response.json(200, "{\"Title\":\"Film " + imdb + "\",\"Year\":\"1999\",\"Ratings\":[{\"Source\":"
                    + "\"Rotten Tomatoes\",\"Value\":\"83%\"}],\"imdbRating\":\"8.7\",\"Response\":\"True\"}");
        });
        RestClient c = apis.get(2);
        assertThat(c.put("/api/integrations/omdb", "{\"apiKey\":\"omdbgood\",\"baseUrl\":\"" + omdb.baseUrl()
                + "\",\"enabled\":true}").status()).isEqualTo(200);
        StringBuilder items = new StringBuilder("[");
        for (int i = 1; i <= 30; i++) {
            items.append(i > 1 ? "," : "").append(String.format("{\"type\":\"movie\",\"title\":\"Film %02d\","
                    + "\"year\":1999,\"imdbId\":\"tt00002%02d\",\"tmdbId\":\"8%02d\"}", i, i, i));
        }
        assertThat(c.post("/api/library/import", items.append("]").toString()).status()).isEqualTo(200);
        String runId = c.post("/api/jobs/enrich-metadata/run", "").json().get("runId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> c.get("/api/jobs/runs/" + runId).json().get("done").asInt() >= 5);
        assertThat(c.get("/api/jobs/runs/" + runId).json().get("instance").asText()).isEqualTo("c");

        processes.get(2).kill();
        long killedAt = System.nanoTime();
        RestClient a = apis.get(0);

        // Stale after 12 heartbeats (12 s here), then the next tick on a live instance resumes it.
        await().atMost(Duration.ofSeconds(40)).until(() -> a.get("/api/jobs/runs/" + runId).json()
                .get("status").asText().equals("interrupted"));
        JsonNode takeover = await().atMost(Duration.ofSeconds(10)).until(() -> takeoverOf(a, runId), n -> n != null);
        Duration delay = Duration.ofNanos(System.nanoTime() - killedAt);
        assertThat(takeover.get("instance").asText()).isIn("a", "b");
        await().atMost(Duration.ofSeconds(120)).until(() -> !a.get("/api/jobs/runs/" + takeover.get("id").asText())
                .json().get("status").asText().equals("running"));
        JsonNode finished = a.get("/api/jobs/runs/" + takeover.get("id").asText()).json();
        JsonNode interrupted = a.get("/api/jobs/runs/" + runId).json();

        assertThat(finished.get("status").asText()).isEqualTo("succeeded");
        assertThat(interrupted.get("done").asInt() + finished.get("done").asInt()).isEqualTo(30);
        assertThat(a.get("/api/jobs/runs/" + runId + "/logs").json().toString())
                .contains("Instance c stopped during the run").contains(takeover.get("id").asText());
        // Each title asked of OMDb once, but the one in flight when c died.
        long asked = omdb.requests().stream().filter(r -> r.query().contains("i=tt00002")).count();
        assertThat(asked).isBetween(30L, 31L);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.get("/api/instances").json().get("sharing").asInt() == 2);
        LOG.info("cluster takeover: run {} of killed instance c resumed as {} on {}, {} ms after the kill",
                runId, takeover.get("id").asText(), takeover.get("instance").asText(), delay.toMillis());
    }

    /** {@code clients} threads, spread evenly over the instances, each doing {@code work}; the sum of their answers. */
    private int spread(int clients, java.util.function.ToIntFunction<RestClient> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                RestClient api = apis.get(c % apis.size());
                answers.add(pool.submit(() -> work.applyAsInt(api)));
            }
            int sum = 0;
            for (Future<Integer> f : answers) {
                sum += f.get(60, TimeUnit.SECONDS);
            }
            return sum;
        } finally {
            pool.shutdownNow();
        }
    }

    private static JsonNode takeoverOf(RestClient api, String runId) {
        for (JsonNode run : api.get("/api/jobs/runs?job=enrich-metadata").json().get("runs")) {
            if (run.get("trigger").asText().equals("takeover") && runId.equals(run.get("parentRunId").asText())) {
                return run;
            }
        }
        return null;
    }

    private static List<JsonNode> openAlerts(RestClient api, String service) {
        List<JsonNode> out = new ArrayList<>();
        api.get("/api/alerts").json().get("alerts").forEach(a -> {
            if (a.get("service").asText().equals(service)) {
                out.add(a);
            }
        });
        return out;
    }
}
