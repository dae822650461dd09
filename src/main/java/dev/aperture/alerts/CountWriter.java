package dev.aperture.alerts;

import dev.aperture.calls.Occurrence;
import dev.aperture.store.Deadlocks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The SQL of a flush of counted occurrences: every pending count in one transaction of two batches. */
final class CountWriter {

    /** What a flush left: the rows of the alerts it counted on, and the alerts it found ended (not counted). */
    record Result(List<Alert> rows, Set<String> ended) {}

    private final Jdbi jdbi;
    private final ChangeFeed changes;
    /** Runs inside the write, before it commits: lets a test hold a flush open while it reads. */
    private volatile Runnable beforeCommit = () -> { };

    CountWriter(Jdbi jdbi, ChangeFeed changes) {
        this.jdbi = jdbi;
        this.changes = changes;
    }

    void beforeCommit(Runnable hook) {
        this.beforeCommit = hook;
    }

    /** Adds each batch's counts to its alert if still unresolved. */
    Result write(List<AlertMemory.Pending> batch) {
        // Sorted by id: writers that lock alert rows in one order do not deadlock each other.
        Map<String, List<AlertMemory.Pending>> byAlert = new java.util.TreeMap<>();
        batch.forEach(p -> byAlert.computeIfAbsent(p.slot.alertId(), k -> new ArrayList<>()).add(p));
        return Deadlocks.retry(() -> jdbi.inTransaction(h -> {
            PreparedBatch alerts = h.prepareBatch("UPDATE alerts SET occurrences = occurrences + :n, "
                    + "last_seen_at = CASE WHEN :at > last_seen_at THEN :at ELSE last_seen_at END, message = :message, "
                    + "action = :action, http_status = :httpStatus, reset_at = :resetAt, "
                    + "job_run_id = COALESCE(:jobRunId, job_run_id) WHERE id = :id AND resolved_at IS NULL");
            List<String> order = new ArrayList<>(byAlert.keySet());
            for (String alertId : order) {
                List<AlertMemory.Pending> ps = byAlert.get(alertId);
                Occurrence latest = ps.get(0).latest;
                for (AlertMemory.Pending p : ps) {
                    latest = p.latest.at().isAfter(latest.at()) ? p.latest : latest;
                }
                alerts.bind("n", ps.stream().mapToLong(p -> p.n).sum())
                        .bind("at", ps.stream().mapToLong(p -> p.latest.at().toEpochMilli()).max().orElseThrow())
                        .bind("message", latest.failure().message())
                        .bind("action", latest.failure().action())
                        .bind("httpStatus", latest.failure().httpStatus())
                        .bind("resetAt", latest.failure().resetAt().map(java.time.Instant::toEpochMilli).orElse(null))
                        .bind("jobRunId", latest.jobRunId())
                        .bind("id", alertId)
                        .add();
            }
            int[] updated = alerts.execute();
            Set<String> ended = new HashSet<>();
            List<String> counted = new ArrayList<>();
            PreparedBatch records = h.prepareBatch("UPDATE error_records SET occurrences = occurrences + :n, "
                    + "last_occurred_at = CASE WHEN :at > last_occurred_at THEN :at ELSE last_occurred_at END "
                    + "WHERE id = :id");
            for (int i = 0; i < order.size(); i++) {
                if (updated[i] == 0) {
                    ended.add(order.get(i));
                    continue;
                }
                counted.add(order.get(i));
                for (AlertMemory.Pending p : byAlert.get(order.get(i))) {
                    records.bind("n", p.n).bind("at", p.latest.at().toEpochMilli()).bind("id", p.slot.errorId()).add();
                }
            }
            if (records.size() > 0) {
                records.execute();
            }
            List<Alert> rows = AlertTable.rows(h, counted);
            changes.announce(h, counted);
            beforeCommit.run();
            return new Result(rows, ended);
        }));
    }
}
