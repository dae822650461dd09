package dev.aperture.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.ApertureProcess;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.RestClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Aperture as its own process, stopped the way docker stop and systemctl stop do it (SIGTERM): what a run was
 * doing is kept in a state a retry resumes, and the data dir stays locked against a restore until it exits.
 */
@Tag("slow")
class GracefulShutdownTest {

    private static final String PASSWORD = "shutdown-test-admin-password";
    private static final int TITLES = 30;
    /** OMDb answers this many titles at once and holds the next until the stop is under way. */
    private static final int ANSWERED = 3;

    private final FakeServer omdb = new FakeServer();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private ApertureProcess process;

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        if (process != null) {
            process.close();
        }
        omdb.close();
    }

    @Test
    void a_run_stopped_by_sigterm_mid_item_leaves_no_item_done_without_its_data_and_a_retry_finishes_it()
            throws Exception {
        // OMDb's documented answer to ?i=tt… (omdbapi.com, "By ID or Title"). The first ANSWERED titles at once,
        // the next held until the stop is under way, so SIGTERM lands mid-item; after that, all at once.
        omdb.answer("/", r -> {
            if (r.query().contains("i=tt00003") && answered.incrementAndGet() > ANSWERED) {
                held.incrementAndGet();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String imdb = r.query().replaceAll(".*[?&]?i=(tt\\d+).*", "$1");
            return Response.json(200, "{\"Title\":\"Film " + imdb + "\",\"Year\":\"1999\",\"Ratings\":[{\"Source\":"
                    + "\"Rotten Tomatoes\",\"Value\":\"83%\"}],\"imdbRating\":\"8.7\",\"Response\":\"True\"}");
        });
        Map<String, String> env = env(Files.createTempDirectory("aperture-sigterm"));
        process = ApertureProcess.start(env);
        RestClient api = RestClient.loggedIn(process.baseUrl(), "admin", PASSWORD);
        assertThat(api.put("/api/integrations/omdb", "{\"apiKey\":\"omdbgood\",\"baseUrl\":\"" + omdb.baseUrl()
                + "\",\"enabled\":true}").status()).isEqualTo(200);
        StringBuilder items = new StringBuilder("[");
        for (int i = 1; i <= TITLES; i++) {
            items.append(i > 1 ? "," : "").append(String.format("{\"type\":\"movie\",\"title\":\"Film %02d\","
                    + "\"year\":1999,\"imdbId\":\"tt00003%02d\"}", i, i));
        }
        assertThat(api.post("/api/library/import", items.append("]").toString()).status()).isEqualTo(200);
        String runId = api.post("/api/jobs/enrich-metadata/run", "").json().get("runId").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> held.get() == 1
                && api.get("/api/jobs/runs/" + runId).json().get("done").asInt() == ANSWERED);

        process.sigterm();
        // The server stops answering only after the job engine stopped taking items: the held answer now lets the
        // item in flight finish inside its grace, and no further item starts.
        RestClient anonymous = RestClient.anonymous(process.baseUrl());
        await().atMost(Duration.ofSeconds(30)).until(() -> !answers(anonymous));
        release.countDown();
        // docker stop's grace before it sends SIGKILL: the contract this checks, not a timing measurement.
        assertThat(process.awaitExit(Duration.ofSeconds(10))).as("exited within docker stop's 10 s").isTrue();
        assertThat(process.output()).contains("Aperture stopped in");

        process = ApertureProcess.start(env);
        RestClient after = RestClient.loggedIn(process.baseUrl(), "admin", PASSWORD);
        JsonNode run = after.get("/api/jobs/runs/" + runId).json();
        assertThat(run.get("status").asText()).isEqualTo("interrupted");
        assertThat(run.get("failed").asInt()).isZero();
        assertThat(run.get("pending").asInt()).isPositive();
        assertThat(run.get("done").asInt() + run.get("pending").asInt()).isEqualTo(TITLES);
        int doneBefore = run.get("done").asInt();
        for (JsonNode item : after.get("/api/jobs/runs/" + runId + "/items?status=done").json().get("items")) {
            JsonNode title = after.get("/api/library/" + item.get("item").asText()).json();
            assertThat(title.get("rottenTomatoes").asText()).as(item.toString()).isEqualTo("83%");
        }
        assertThat(after.get("/api/jobs/runs/" + runId + "/logs").json().toString())
                .contains("Aperture is shutting down; the remaining items stay pending");

        String retry = after.post("/api/jobs/runs/" + runId + "/retry", "").json().get("runId").asText();
        await().atMost(Duration.ofSeconds(120)).until(() -> !after.get("/api/jobs/runs/" + retry).json()
                .get("status").asText().equals("running"));
        JsonNode finished = after.get("/api/jobs/runs/" + retry).json();
        assertThat(finished.get("status").asText()).isEqualTo("succeeded");
        assertThat(finished.get("done").asInt()).isEqualTo(TITLES - doneBefore);
        // Each title asked once: the one in flight at the stop finished inside its grace instead of being cut off.
        long asked = omdb.requests().stream().filter(r -> r.query().contains("i=tt00003")).count();
        assertThat(asked).isBetween((long) TITLES, TITLES + 1L);
    }

    @Test
    void a_restore_is_refused_while_a_server_process_uses_the_data_dir_and_allowed_once_it_stopped()
            throws Exception {
        Path dataDir = Files.createTempDirectory("aperture-restore");
        process = ApertureProcess.start(env(dataDir));
        BackupCommand backup = new BackupCommand();
        backup.target = Files.createTempDirectory("aperture-backup").resolve("backup.db");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> cli = Map.of("APERTURE_DATA_DIR", dataDir.toString());
        assertThat(backup.run(cli, new PrintWriter(out, true), new PrintWriter(err, true))).as(err.toString()).isZero();
        RestoreCommand restore = new RestoreCommand();
        restore.source = backup.target;

        int whileRunning = restore.run(cli, Clock.systemUTC(), new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(process.terminate(Duration.ofSeconds(10))).isTrue();
        int afterStop = restore.run(cli, Clock.systemUTC(), new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(whileRunning).isEqualTo(1);
        assertThat(err.toString()).contains("A running Aperture uses " + dataDir);
        assertThat(afterStop).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Restored " + backup.target);
    }

    private static boolean answers(RestClient client) {
        try {
            client.get("/api/health");
            return true;
        } catch (AssertionError refused) {
            return false;
        }
    }

    private static Map<String, String> env(Path dataDir) {
        Map<String, String> env = new HashMap<>();
        env.put("APERTURE_DATA_DIR", dataDir.toString());
        env.put("APERTURE_ADMIN_PASSWORD", PASSWORD);
        env.put("APERTURE_INSTANCE_NAME", "sigterm-test");
        env.put("APERTURE_HEALTH_TICK_SECONDS", "0");
        return env;
    }
}
