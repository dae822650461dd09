package dev.aperture.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aperture.calls.Occurrence;
import dev.aperture.calls.Outcome;
import dev.aperture.store.Ids;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Writes occurrences into error records: one row per alert, code, status and run within an aggregation window. */
final class ErrorRecords {

    /** The error record of an aggregation window, and when the window started. */
    record Window(String errorId, long start) {}

    private final Clock clock;
    private final ObjectMapper json;

    ErrorRecords(Clock clock, ObjectMapper json) {
        this.clock = clock;
        this.json = json;
    }

    /** Adds to the error record of the current window, or starts one; answers its id and first occurrence. */
    Window add(Handle h, String alertId, Occurrence o, long n) {
        Outcome.Failure f = o.failure();
        long at = o.at().toEpochMilli();
        Optional<Window> existing = h.createQuery("SELECT id, occurred_at FROM error_records WHERE alert_id = :alertId "
                        + "AND code = :code AND COALESCE(http_status, -1) = :status "
                        + "AND COALESCE(job_run_id, '') = :run AND occurred_at >= :since "
                        + "ORDER BY last_occurred_at DESC LIMIT 1")
                .bind("alertId", alertId)
                .bind("code", f.code())
                .bind("status", f.httpStatus() == null ? -1 : f.httpStatus())
                .bind("run", o.jobRunId() == null ? "" : o.jobRunId())
                .bind("since", at - AlertTable.AGGREGATION_WINDOW.toMillis())
                .map((rs, ctx) -> new Window(rs.getString(1), rs.getLong(2)))
                .findOne();
        if (existing.isPresent()) {
            h.createUpdate("UPDATE error_records SET occurrences = occurrences + :n, last_occurred_at = "
                            + "CASE WHEN :at > last_occurred_at THEN :at ELSE last_occurred_at END WHERE id = :id")
                    .bind("n", n).bind("at", at).bind("id", existing.get().errorId()).execute();
            return existing.get();
        }
        String id = Ids.next(clock.instant());
        h.createUpdate("INSERT INTO error_records (id, alert_id, service, type, severity, subject, code, http_status, "
                        + "message, action, method, url, request_headers, response_status, response_excerpt, "
                        + "duration_ms, job_run_id, occurred_at, last_occurred_at, occurrences) VALUES (:id, :alertId, "
                        + ":service, :type, :severity, :subject, :code, :httpStatus, :message, :action, :method, :url, "
                        + ":headers, :responseStatus, :excerpt, :durationMs, :jobRunId, :at, :at, :n)")
                .bind("id", id)
                .bind("alertId", alertId)
                .bind("service", o.service().id())
                .bind("type", f.type().wire())
                .bind("severity", f.type().severity().wire())
                .bind("subject", f.subject())
                .bind("code", f.code())
                .bind("httpStatus", f.httpStatus())
                .bind("message", f.message())
                .bind("action", f.action())
                .bind("method", o.details().method())
                .bind("url", o.details().url())
                .bind("headers", ErrorLog.headersJson(json, o.details().headers()))
                .bind("responseStatus", o.details().responseStatus())
                .bind("excerpt", o.details().responseExcerpt())
                .bind("durationMs", o.details().durationMs())
                .bind("jobRunId", o.jobRunId())
                .bind("at", at)
                .bind("n", n)
                .execute();
        return new Window(id, at);
    }
}
