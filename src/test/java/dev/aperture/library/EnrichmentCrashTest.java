package dev.aperture.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.ApertureProcess;
import dev.aperture.testing.JobRuns;
import dev.aperture.testing.RestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * The process killed with SIGKILL in the middle of an enrichment run, then started again on the same
 * data dir (on whatever port it binds then): the run is found interrupted, nothing was marked done without its data, and a
 * retry finishes the rest with no repeated work beyond the one item that was in flight.
 */
@Tag("slow")
class EnrichmentCrashTest {

    private static final int ITEMS = 20;
    private static final int ANSWERED_BEFORE_KILL = 8;
    private static final String PASSWORD = "crash-test-admin-password";

    private final EnrichmentFakes fakes = new EnrichmentFakes();
    private ApertureProcess aperture;

    @AfterEach
    void close() throws InterruptedException {
        if (aperture != null) {
            aperture.close();
        }
        fakes.close();
    }

    /** One row per library item, as the data dir holds it: the run's item status beside the stored data. */
    record Stored(String imdbId, String tmdbId, String status, String overview, String rottenTomatoes,
                  Long tmdbAt, Long omdbAt) {
        boolean complete() {
            return overview != null && rottenTomatoes != null && tmdbAt != null && omdbAt != null;
        }
    }

    private static List<Stored> read(Path dataDir, String runId) {
        return Jdbi.create("jdbc:sqlite:" + dataDir.resolve("aperture.db")).withHandle(h -> h.createQuery(
                        "SELECT l.imdb_id, l.tmdb_id, i.status, l.overview, l.rotten_tomatoes, l.tmdb_enriched_at, "
                                + "l.omdb_enriched_at FROM library_items l "
                                + "LEFT JOIN job_run_items i ON i.item = l.id AND i.run_id = :run ORDER BY l.imdb_id")
                .bind("run", runId)
                .map((rs, ctx) -> new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), millis(rs, 6), millis(rs, 7)))
                .list());
    }

    private static Long millis(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static String runStatus(Path dataDir, String runId) {
        return Jdbi.create("jdbc:sqlite:" + dataDir.resolve("aperture.db")).withHandle(h -> h.createQuery(
                "SELECT status FROM job_runs WHERE id = :id").bind("id", runId).mapTo(String.class).one());
    }

    private RestClient configure(ApertureProcess process) {
        RestClient api = RestClient.loggedIn(process.baseUrl(), "admin", PASSWORD);
        assertThat(api.put("/api/integrations/tmdb", "{\"apiKey\":\"" + EnrichmentFakes.TMDB_KEY + "\",\"baseUrl\":\""
                + fakes.tmdb.baseUrl() + "\"}").status()).isEqualTo(200);
        assertThat(api.put("/api/integrations/omdb", "{\"apiKey\":\"" + EnrichmentFakes.OMDB_KEY + "\",\"baseUrl\":\""
                + fakes.omdb.baseUrl() + "\"}").status()).isEqualTo(200);
        StringBuilder items = new StringBuilder("[");
        for (int i = 1; i <= ITEMS; i++) {
            items.append(i > 1 ? "," : "").append(String.format("{\"type\":\"movie\",\"title\":\"Film %02d\","
                    + "\"year\":1999,\"imdbId\":\"tt00001%02d\",\"tmdbId\":\"7%02d\"}", i, i, i));
        }
        assertThat(api.post("/api/library/import", items.append("]").toString()).json().get("added").asInt())
                .isEqualTo(ITEMS);
        return api;
    }

    @Test
    void a_run_killed_mid_item_is_interrupted_after_restart_lost_no_data_and_a_retry_finishes_it_without_rework()
            throws Exception {
        Path dataDir = Files.createTempDirectory("aperture-crash").resolve("data");
        // No background health checks: their probes would be requests the per-item counts must not see.
        Map<String, String> env = Map.of("APERTURE_DATA_DIR", dataDir.toString(), "APERTURE_ADMIN_PASSWORD", PASSWORD,
                "APERTURE_HEALTH_TICK_SECONDS", "0");
        fakes.holdOmdbAfter(ANSWERED_BEFORE_KILL);
        aperture = ApertureProcess.start(env);
        RestClient api = configure(aperture);
        String runId = new JobRuns(api).start("enrich-metadata");

        // Item 9 has its TMDb details stored and its OMDb request in flight when the process dies.
        await().atMost(Duration.ofSeconds(30)).until(() -> fakes.omdbHeld.get() == 1
                && api.get("/api/jobs/runs/" + runId).json().get("done").asInt() == ANSWERED_BEFORE_KILL);
        aperture.kill();
        fakes.release();

        assertThat(runStatus(dataDir, runId)).as("left behind by the dead process").isEqualTo("running");
        List<Stored> atCrash = read(dataDir, runId);
        assertThat(atCrash).filteredOn(s -> "done".equals(s.status())).hasSize(ANSWERED_BEFORE_KILL)
                .allSatisfy(s -> assertThat(s.complete()).as("%s done with its data", s.imdbId()).isTrue());
        assertThat(atCrash).filteredOn(s -> !"done".equals(s.status()))
                .allSatisfy(s -> assertThat(s.status()).isEqualTo("pending"))
                .allSatisfy(s -> assertThat(s.omdbAt()).as("%s has no OMDb data yet", s.imdbId()).isNull());

        aperture = ApertureProcess.start(env);
        RestClient restarted = RestClient.loggedIn(aperture.baseUrl(), "admin", PASSWORD);
        JsonNode interrupted = restarted.get("/api/jobs/runs/" + runId).json();
        assertThat(interrupted.get("status").asText()).isEqualTo("interrupted");
        assertThat(interrupted.get("done").asInt()).isEqualTo(ANSWERED_BEFORE_KILL);
        assertThat(interrupted.get("pending").asInt()).isEqualTo(ITEMS - ANSWERED_BEFORE_KILL);

        JsonNode retry = new JobRuns(restarted).retry(runId);
        assertThat(retry.get("status").asText()).isEqualTo("succeeded");
        assertThat(retry.get("total").asInt()).isEqualTo(ITEMS - ANSWERED_BEFORE_KILL);
        assertThat(retry.get("done").asInt()).isEqualTo(ITEMS - ANSWERED_BEFORE_KILL);
        assertThat(read(dataDir, runId)).hasSize(ITEMS)
                .allSatisfy(s -> assertThat(s.complete()).as("%s enriched", s.imdbId()).isTrue());

        // Needed: one TMDb and one OMDb request per item. The in-flight item may ask OMDb once more; none else.
        long repeated = 0;
        for (Stored s : atCrash) {
            long tmdb = fakes.tmdbRequestsFor(s.tmdbId());
            long omdb = fakes.omdbRequestsFor(s.imdbId());
            assertThat(tmdb).as("TMDb requests for %s", s.imdbId()).isEqualTo(1);
            assertThat(omdb).as("OMDb requests for %s", s.imdbId()).isBetween(1L, 2L);
            repeated += omdb - 1;
        }
        assertThat(repeated).as("items asked twice: only the one in flight").isEqualTo(1);
    }
}
