package dev.aperture.bench;

import java.nio.file.Path;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * A big store for the load benchmark, written straight into the SQLite file of a running Aperture (WAL
 * lets it): 28 open alerts (every service × every error type) and N error records spread over the
 * last week, in one INSERT … SELECT over a recursive CTE, so a million rows take seconds, not minutes.
 */
final class ErrorRecordSeed {

    private static final String SERVICES = "('mediaserver'),('tmdb'),('omdb'),('trakt'),('mdblist'),('jellyseerr'),"
            + "('openai')";
    private static final String TYPES = "('authentication','error',401),('rate_limit','warning',429),"
            + "('outage','info',503),('configuration','error',404)";

    private ErrorRecordSeed() {}

    /** Answers how many error records the store holds afterwards. */
    static long seed(Path dataDir, long records) {
        long now = Instant.now().toEpochMilli();
        Jdbi jdbi = Jdbi.create("jdbc:sqlite:" + dataDir.resolve("aperture.db") + "?busy_timeout=30000");
        return jdbi.inTransaction(h -> {
            long have = h.createQuery("SELECT COUNT(*) FROM error_records").mapTo(Long.class).one();
            if (have >= records) {
                return have;
            }
            h.execute("CREATE TEMP TABLE bench_alerts AS SELECT (ROW_NUMBER() OVER ()) - 1 AS k, "
                    + "'bench-' || s.column1 || '-' || t.column1 AS id, s.column1 AS service, t.column1 AS type, "
                    + "t.column2 AS severity, t.column3 AS http_status FROM (VALUES " + SERVICES + ") s, (VALUES "
                    + TYPES + ") t");
            h.createUpdate("INSERT INTO alerts (id, service, type, subject, severity, title, message, action, code, "
                            + "http_status, occurrences, first_seen_at, last_seen_at) SELECT id, service, type, '', "
                            + "severity, service || ' ' || type, 'Benchmark alert of ' || service, 'Nothing: a benchmark', "
                            + "'bench', http_status, :per, :first, :now FROM bench_alerts")
                    .bind("per", records / 28).bind("first", now - records * 600).bind("now", now).execute();
            h.createUpdate("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < :last) "
                            + "INSERT INTO error_records (id, alert_id, service, type, severity, subject, code, "
                            + "http_status, message, action, method, url, request_headers, response_status, "
                            + "response_excerpt, duration_ms, job_run_id, occurred_at, last_occurred_at, occurrences) "
                            + "SELECT printf('bench%010d', n.i), a.id, a.service, a.type, a.severity, '', 'bench', "
                            + "a.http_status, 'Benchmark error ' || n.i, 'Nothing: a benchmark', 'GET', "
                            + "'https://example.invalid/3/movie/' || n.i, '{\"Accept\":\"application/json\"}', "
                            + "a.http_status, '{\"status_message\":\"benchmark\"}', 40 + n.i % 200, NULL, "
                            + ":now - n.i * 600, :now - n.i * 600, 1 FROM n JOIN bench_alerts a ON a.k = n.i % 28")
                    .bind("last", records - 1).bind("now", now).execute();
            return h.createQuery("SELECT COUNT(*) FROM error_records").mapTo(Long.class).one();
        });
    }
}
