package dev.aperture.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.ApertureProcess;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.SlidingWindow;
import dev.aperture.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Three Aperture processes (separate JVMs, ports and data dirs) on one PostgreSQL database, heartbeats every
 * second: scheduled work happens once across them, alerts stay unique with summed counts, any instance
 * serves the same state at once, together they stay within a provider's limit, and a killed instance's run
 * is taken over. The methods share the cluster, in any order: each has a provider of its own, and the kill
 * test starts (and kills) a fourth instance. Waits are conditions on what the instances record (runs, the
 * scheduler's ticks); the fakes keep sliding windows as providers do, and the tests count what they refused.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeveralInstancesTest {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SeveralInstancesTest.class);
    private static final String PASSWORD = "cluster-test-admin-password";
    // TMDb's answer to GET /3/authentication with a valid key (developer.themoviedb.org, "Validate Key").
    private static final String TMDB_OK = "{\"success\":true,\"status_code\":1,\"status_message\":\"Success.\"}";
    // TMDb's 429 (developer.themoviedb.org, "Rate Limiting": status code 25, with Retry-After).
    private static final String TMDB_OVER = "{\"success\":false,\"status_code\":25,\"status_message\":"
            + "\"Your request count (#) is over the allowed limit of (40).\"}";
    // MDBList's GET /user (api.mdblist.com docs): the requests used and allowed today.
    private static final String MDBLIST_USER = "{\"api_requests\":1000,\"api_requests_count\":12,\"user_id\":4242,"
            + "\"patron_status\":\"active_patron\"}";
    /** TMDb's limit for this test: small enough that twelve busy clients would blow through it unpaced. */
    private static final int TMDB_PER_SECOND = 12;
    /**
     * MDBList is due every 3 s across the cluster. Three instances probing on their own would send three per
     * interval, so some two within 1.5 s of each other; one at a time they are about 3 s apart, and the
     * 1.5 s margin absorbs when a tick and the scheduler's polling happen to run.
     */
    private static final Duration PROBE_WINDOW = Duration.ofMillis(1500);

    private final TestDatabases.Target db = TestDatabases.POSTGRESQL.create();
    private final SlidingWindow tmdbWindow = new SlidingWindow(TMDB_PER_SECOND, Duration.ofSeconds(1));
    private final FakeServer tmdb = new FakeServer();
    private final SlidingWindow mdblistProbes = new SlidingWindow(1, PROBE_WINDOW);
    private final FakeServer mdblist = new FakeServer();
    /** OMDb for the alert test: refuses the key. */
    private final FakeServer omdb = new FakeServer();
    /** OMDb for the kill test: answers, slowly. */
    private final FakeServer slowOmdb = new FakeServer();
    private final FakeServer webhook = new FakeServer().answer(Response.json(200, "{}"));
    private final List<ApertureProcess> processes = new ArrayList<>();
    private final List<RestClient> apis = new ArrayList<>();

    private Map<String, String> env(String name) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("APERTURE_DATABASE_URL", db.url().orElseThrow());
        env.put("APERTURE_DATA_DIR", Files.createTempDirectory("aperture-" + name).toString());
        env.put("APERTURE_SECRET_KEY", "one passphrase shared by every instance");
        env.put("APERTURE_ADMIN_PASSWORD", PASSWORD);
        env.put("APERTURE_INSTANCE_NAME", name);
        env.put("APERTURE_HEARTBEAT_SECONDS", "1");
        env.put("APERTURE_JOB_TICK_SECONDS", "1");
        env.put("APERTURE_HEALTH_TICK_SECONDS", "1");
        env.put("APERTURE_HEALTH_INTERVAL_MDBLIST", "3s");
        env.put("APERTURE_RATE_TMDB", TMDB_PER_SECOND + "/1s");
        env.put("APERTURE_NOTIFY_BATCH_SECONDS", "1");
        env.put("APERTURE_NOTIFY_TICK_SECONDS", "1");
        return env;
    }

    @BeforeAll
    void start_three_instances_on_one_database() throws Exception {
        tmdb.answer("/3/", r -> {
            if (!tmdbWindow.admit()) {
                return Response.json(429, TMDB_OVER, "Retry-After", "1");
            }
            return Response.json(200, r.path().startsWith("/3/movie/")
                    ? "{\"id\":1,\"title\":\"A film\",\"overview\":\"An overview\",\"genres\":[],\"vote_average\":7.1}"
                    : TMDB_OK);
        });
        mdblist.answer("/", r -> {
            mdblistProbes.admit();
            return Response.json(200, MDBLIST_USER);
        });
        // a first, as it creates the schema and the admin; then b and c together, their JVM starts overlapping.
        processes.add(ApertureProcess.start(env("a")));
        processes.addAll(ApertureProcess.startTogether(List.of(env("b"), env("c"))));
        for (ApertureProcess process : processes) {
            apis.add(RestClient.loggedIn(process.baseUrl(), "admin", PASSWORD));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (RestClient api : apis) {
                assertThat(api.get("/api/instances").json().get("sharing").asInt()).isEqualTo(3);
            }
        });
        assertThat(apis.get(0).put("/api/integrations/tmdb", "{\"apiKey\":\"tmdb-cluster-key\",\"baseUrl\":\""
                + tmdb.baseUrl() + "/3\"}").status()).isEqualTo(200);
        assertThat(apis.get(1).put("/api/integrations/mdblist", "{\"apiKey\":\"mdblist-cluster-key\",\"baseUrl\":\""
                + mdblist.baseUrl() + "\"}").status()).isEqualTo(200);
        assertThat(apis.get(1).post("/api/notifications/channels", "{\"type\":\"webhook\",\"name\":\"ops\","
                + "\"settings\":{\"url\":\"" + webhook.baseUrl() + "/hooks/aperture\"}}").status()).isEqualTo(201);
    }

    @AfterAll
    void stop() throws InterruptedException {
        for (ApertureProcess p : processes) {
            p.close();
        }
        tmdb.close();
        mdblist.close();
        omdb.close();
        slowOmdb.close();
        webhook.close();
        db.close();
    }

    @Test
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
    void a_scheduled_job_runs_once_per_schedule_across_the_instances() {
        // housekeeping is the retention pass; each instance's ticker would start it every 3 s if unclaimed.
        assertThat(apis.get(2).put("/api/jobs/housekeeping", "{\"schedule\":\"every 3s\",\"enabled\":true}")
                .status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> scheduledRuns("housekeeping").size() >= 3);
        assertThat(apis.get(0).put("/api/jobs/housekeeping", "{\"schedule\":\"every 1d\"}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> scheduledRuns("housekeeping").stream()
                .noneMatch(r -> r.get("status").asText().equals("running")));

        List<Instant> started = new ArrayList<>();
        for (JsonNode run : scheduledRuns("housekeeping")) {
            assertThat(run.get("status").asText()).isEqualTo("succeeded");
            started.add(Instant.parse(run.get("startedAt").asText()));
        }
        started.sort(null);
        LOG.info("cluster schedule: housekeeping every 3s ran {} time(s), started {}", started.size(), started);
        // Claimed by one instance per due time: consecutive runs, as the instances recorded them, are a whole
        // period apart. Three instances running it on their own would start it up to three times per period.
        for (int i = 1; i < started.size(); i++) {
            assertThat(Duration.between(started.get(i - 1), started.get(i)))
                    .as("gap between scheduled runs %d and %d", i, i + 1).isGreaterThanOrEqualTo(Duration.ofMillis(2900));
        }
    }

    private List<JsonNode> scheduledRuns(String job) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode run : apis.get(1).get("/api/jobs/runs?job=" + job + "&limit=100").json().get("runs")) {
            assertThat(run.get("trigger").asText()).isEqualTo("schedule");
            out.add(run);
        }
        return out;
    }

    @Test
    void a_probe_runs_once_per_interval_across_the_instances() {
        // MDBList was saved at start-up; from the probes seen now on, none may come within the window of another.
        int refusedBefore = mdblistProbes.refused();
        int seenBefore = mdblistProbes.seen();
        await().atMost(Duration.ofSeconds(60)).until(() -> mdblistProbes.seen() >= seenBefore + 4);
        LOG.info("cluster probes: {} MDBList probe(s) seen, {} within {} ms of another", mdblistProbes.seen(),
                mdblistProbes.refused(), PROBE_WINDOW.toMillis());
        assertThat(mdblistProbes.refused()).as("probes sent within %s of another", PROBE_WINDOW)
                .isEqualTo(refusedBefore);
    }

    @Test
    void concurrent_failures_on_every_instance_make_one_alert_with_their_sum_and_a_dismiss_is_seen_by_all()
            throws Exception {
        omdb.answer("/", r -> Response.json(401, "{\"Response\":\"False\",\"Error\":\"Invalid API key!\"}"));
        assertThat(apis.get(0).put("/api/integrations/omdb", "{\"apiKey\":\"omdbbad1\",\"baseUrl\":\""
                + omdb.baseUrl() + "\",\"enabled\":true}").status()).isEqualTo(200);
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
        long rows = jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM alerts WHERE service = 'omdb' AND resolved_at IS NULL AND dismissed_at IS NULL")
                .mapTo(Long.class).one());
        assertThat(rows).as("open OMDb alerts stored").isEqualTo(1);

        // Three notification workers, one outbox: the opened alert is posted once, and not again in the next
        // two whole ticks of the workers (whichever instance runs them).
        await().atMost(Duration.ofSeconds(15)).until(() -> omdbWebhooks("opened") >= 1);
        awaitTicks("notifications", 2);
        assertThat(omdbWebhooks("opened")).isEqualTo(1);

        String id = openAlerts(apis.get(1), "omdb").get(0).get("id").asText();
        assertThat(apis.get(1).post("/api/alerts/" + id + "/dismiss", "").status()).isEqualTo(200);
        // Each instance serves alerts from memory; another's change reaches it by NOTIFY, within milliseconds.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(openAlerts(apis.get(0), "omdb")).isEmpty();
            assertThat(openAlerts(apis.get(2), "omdb")).isEmpty();
            assertThat(apis.get(2).get("/api/alerts/history").json().get("alerts")).anySatisfy(a -> {
                assertThat(a.get("id").asText()).isEqualTo(id);
                assertThat(a.get("dismissedAt").isNull()).isFalse();
            });
        });
    }

    private long omdbWebhooks(String event) {
        return webhook.requests().stream().filter(r -> event.equals(r.header("x-aperture-event"))
                && r.body().contains("\"service\":\"omdb\"")).count();
    }

    private Jdbi jdbi() {
        return Jdbi.create(db.url().orElseThrow());
    }

    /**
     * Until the recurring task has run {@code ticks} whole times more: db-scheduler adds one to the task's version
     * when an instance picks it and one when it is rescheduled, so a tick in progress now is not counted.
     */
    private void awaitTicks(String task, int ticks) {
        long seen = taskVersion(task);
        await().atMost(Duration.ofSeconds(30)).until(() -> taskVersion(task) >= seen + 1 + 2L * ticks);
    }

    private long taskVersion(String task) {
        return jdbi().withHandle(h -> h.createQuery("SELECT version FROM scheduled_tasks WHERE task_name = :t")
                .bind("t", task).mapTo(Long.class).one());
    }

    @Test
    void together_the_instances_never_exceed_a_services_limit() throws Exception {
        int seenBefore = tmdbWindow.seen();
        int refusedBefore = tmdbWindow.refused();
        int ok = spread(12, api -> {
            int answered = 0;
            for (int i = 0; i < 6; i++) {
                if (api.post("/api/integrations/tmdb/test", "").json().get("ok").asBoolean()) {
                    answered++;
                }
            }
            return answered;
        });
        int sent = tmdbWindow.seen() - seenBefore;
        int refused = tmdbWindow.refused() - refusedBefore;
        LOG.info("cluster pacing: 72 TMDb tests from 3 instances, {} request(s) reached TMDb, {} refused by its "
                + "{}/s window, {} answered ok", sent, refused, TMDB_PER_SECOND, ok);
        // Unpaced, or each instance paced at the whole limit, the twelve clients offer three times what the
        // window admits and about two thirds are refused. Paced at a third each, only arrivals that bunch behind
        // their permits (thread scheduling across three processes) can tip a second over, and a refusal's
        // Retry-After holds the pacers back.
        assertThat(sent).isGreaterThanOrEqualTo(60);
        assertThat(refused).as("requests TMDb refused of %d", sent).isLessThanOrEqualTo(sent / 4);
        assertThat(ok).isGreaterThanOrEqualTo(sent - refused - 12);
    }

    @Test
    void killing_the_instance_that_runs_a_job_lets_another_take_it_over() throws Exception {
        ApertureProcess dProcess = ApertureProcess.start(env("d"));
        processes.add(dProcess);
        RestClient d = RestClient.loggedIn(dProcess.baseUrl(), "admin", PASSWORD);
        RestClient a = apis.get(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> a.get("/api/instances").json().get("sharing").asInt() == 4);
        // OMDb answers the first five titles, then holds the next until d is dead, so the run is still going
        // when its instance dies; after that it answers at once.
        AtomicInteger answered = new AtomicInteger();
        CountDownLatch dead = new CountDownLatch(1);
        slowOmdb.answer("/", r -> {
            if (r.query().contains("i=tt00002") && answered.incrementAndGet() > 5) {
                try {
                    dead.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String imdb = r.query().replaceAll(".*[?&]?i=(tt\\d+).*", "$1");
            return Response.json(200, "{\"Title\":\"Film " + imdb + "\",\"Year\":\"1999\",\"Ratings\":[{\"Source\":"
                    + "\"Rotten Tomatoes\",\"Value\":\"83%\"}],\"imdbRating\":\"8.7\",\"Response\":\"True\"}");
        });
        assertThat(d.put("/api/integrations/omdb", "{\"apiKey\":\"omdbgood\",\"baseUrl\":\"" + slowOmdb.baseUrl()
                + "\",\"enabled\":true}").status()).isEqualTo(200);
        StringBuilder items = new StringBuilder("[");
        for (int i = 1; i <= 30; i++) {
            items.append(i > 1 ? "," : "").append(String.format("{\"type\":\"movie\",\"title\":\"Film %02d\","
                    + "\"year\":1999,\"imdbId\":\"tt00002%02d\",\"tmdbId\":\"8%02d\"}", i, i, i));
        }
        assertThat(d.post("/api/library/import", items.append("]").toString()).status()).isEqualTo(200);
        String runId = d.post("/api/jobs/enrich-metadata/run", "").json().get("runId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> d.get("/api/jobs/runs/" + runId).json().get("done").asInt() >= 5);
        assertThat(d.get("/api/jobs/runs/" + runId).json().get("instance").asText()).isEqualTo("d");

        dProcess.kill();
        dead.countDown();

        // Stale after 12 heartbeats (12 s here), then the next tick on a live instance resumes it.
        await().atMost(Duration.ofSeconds(60)).until(() -> a.get("/api/jobs/runs/" + runId).json()
                .get("status").asText().equals("interrupted"));
        JsonNode takeover = await().atMost(Duration.ofSeconds(30)).until(() -> takeoverOf(a, runId), n -> n != null);
        assertThat(takeover.get("instance").asText()).isIn("a", "b", "c");
        await().atMost(Duration.ofSeconds(120)).until(() -> !a.get("/api/jobs/runs/" + takeover.get("id").asText())
                .json().get("status").asText().equals("running"));
        JsonNode finished = a.get("/api/jobs/runs/" + takeover.get("id").asText()).json();
        JsonNode interrupted = a.get("/api/jobs/runs/" + runId).json();

        assertThat(finished.get("status").asText()).isEqualTo("succeeded");
        assertThat(interrupted.get("done").asInt() + finished.get("done").asInt()).isEqualTo(30);
        assertThat(a.get("/api/jobs/runs/" + runId + "/logs").json().toString())
                .contains("Instance d stopped during the run").contains(takeover.get("id").asText());
        // Each title asked of OMDb once, but the one in flight when d died.
        long asked = slowOmdb.requests().stream().filter(r -> r.query().contains("i=tt00002")).count();
        assertThat(asked).isBetween(30L, 31L);
        await().atMost(Duration.ofSeconds(30)).until(() -> a.get("/api/instances").json().get("sharing").asInt() == 3);
        LOG.info("cluster takeover: run {} of killed instance d resumed as {} on {}", runId,
                takeover.get("id").asText(), takeover.get("instance").asText());
    }

    /** {@code clients} threads, spread evenly over the three instances, each doing {@code work}; the sum of their answers. */
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
                sum += f.get(120, TimeUnit.SECONDS);
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
