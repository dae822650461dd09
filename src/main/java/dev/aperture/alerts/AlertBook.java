package dev.aperture.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aperture.calls.FailureSink;
import dev.aperture.calls.Occurrence;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.Recorded;
import dev.aperture.calls.ServiceId;
import dev.aperture.store.Deadlocks;
import dev.aperture.store.Ids;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Where classified failures become alerts: one unresolved alert per service + type + subject
 * (a unique partial index, not a lock, keeps it one under concurrent writers), counted on every
 * occurrence, and where alerts are dismissed and resolved.
 */
public final class AlertBook implements FailureSink {

    /**
     * Identical failures within this window of a record's first occurrence add to it instead of
     * writing a row each: a storm keeps its exact count in at most one row per minute, and a long
     * outage still shows up minute by minute in a time-filtered error list.
     */
    static final Duration AGGREGATION_WINDOW = Duration.ofSeconds(60);

    private static final String UPSERT = "INSERT INTO alerts (id, service, type, subject, severity, title, message, "
            + "action, code, http_status, occurrences, first_seen_at, last_seen_at, reset_at, job_run_id) "
            + "VALUES (:id, :service, :type, :subject, :severity, :title, :message, :action, :code, :httpStatus, "
            + ":n, :at, :at, :resetAt, :jobRunId) "
            + "ON CONFLICT (service, type, subject) WHERE resolved_at IS NULL DO UPDATE SET "
            + "occurrences = alerts.occurrences + excluded.occurrences, "
            + "last_seen_at = CASE WHEN excluded.last_seen_at > alerts.last_seen_at THEN excluded.last_seen_at "
            + "ELSE alerts.last_seen_at END, "
            + "message = excluded.message, action = excluded.action, code = excluded.code, "
            + "http_status = excluded.http_status, reset_at = excluded.reset_at, "
            + "job_run_id = COALESCE(excluded.job_run_id, alerts.job_run_id) "
            + "RETURNING id, occurrences";

    /** What one write of {@code n} occurrences did: the alert and error record it counted on, and their totals. */
    private record Written(String alertId, String errorId, long windowStart, long occurrences) {}

    /** The alert row an upsert left: its id and how many occurrences it now counts. */
    private record Counted(String alertId, long occurrences) {}

    /** The error record of an aggregation window, and when the window started. */
    private record Window(String errorId, long start) {}

    private final Jdbi jdbi;
    private final Clock clock;
    private final AlertListener listener;
    private final OccurrenceBuffer buffer;
    private final ObjectMapper json;

    /** A book that writes every occurrence through at once. */
    public AlertBook(Jdbi jdbi, Clock clock, AlertListener listener, ObjectMapper json) {
        this(jdbi, clock, listener, OccurrenceBuffer.off(jdbi), json);
    }

    /** A book that counts repeated occurrences in {@code buffer} and writes them in batches. */
    public AlertBook(Jdbi jdbi, Clock clock, AlertListener listener, OccurrenceBuffer buffer, ObjectMapper json) {
        this.json = json;
        this.jdbi = jdbi;
        this.clock = clock;
        this.listener = listener;
        this.buffer = buffer;
    }

    /** Starts the buffer's background flusher. */
    public void start() {
        buffer.start(this::record);
    }

    /** Stops the flusher after writing what it holds (as far as the store takes it). */
    public void stop() {
        buffer.stop(this::record);
    }

    /**
     * Records one failure from the pipeline. A key already known is counted in memory (see
     * {@link OccurrenceBuffer}); a new one is written at once so its ids exist. Either way the alert and
     * error record it counts on are answered. While the store is down nothing blocks or throws: the
     * occurrence is held and written when the store answers, and no ids are answered for it.
     */
    @Override
    public Optional<Recorded> record(Occurrence occurrence) {
        if (!buffer.enabled()) {
            return Optional.of(record(occurrence, 1));
        }
        Optional<Recorded> counted = buffer.count(occurrence, 1);
        if (counted.isPresent()) {
            return counted;
        }
        if (buffer.storeDown()) {
            buffer.hold(occurrence, 1);
            return Optional.empty();
        }
        try {
            return Optional.of(record(occurrence, 1));
        } catch (RuntimeException e) {
            buffer.storeFailed(e);
            buffer.hold(occurrence, 1);
            return Optional.empty();
        }
    }

    /** Adds {@code n} identical occurrences, written through at once; answers the alert and error record. */
    public Recorded record(Occurrence o, long n) {
        Outcome.Failure f = o.failure();
        long at = o.at().toEpochMilli();
        Written row = Deadlocks.retry(() -> jdbi.inTransaction(h -> {
            Counted alert = h.createQuery(UPSERT)
                    .bind("id", Ids.next(clock.instant()))
                    .bind("service", o.service().id())
                    .bind("type", f.type().wire())
                    .bind("subject", f.subject())
                    .bind("severity", f.type().severity().wire())
                    .bind("title", title(o.service(), f))
                    .bind("message", f.message())
                    .bind("action", f.action())
                    .bind("code", f.code())
                    .bind("httpStatus", f.httpStatus())
                    .bind("n", n)
                    .bind("at", at)
                    .bind("resetAt", f.resetAt().map(java.time.Instant::toEpochMilli).orElse(null))
                    .bind("jobRunId", o.jobRunId())
                    .map((rs, ctx) -> new Counted(rs.getString("id"), rs.getLong("occurrences")))
                    .one();
            Window window = addErrorRecord(h, alert.alertId(), o, n);
            return new Written(alert.alertId(), window.errorId(), window.start(), alert.occurrences());
        }));
        buffer.learn(o, row.alertId(), row.errorId(), row.windowStart());
        if (row.occurrences() == n) {
            // Straight from the row (no flush): nothing can be pending on an alert this write just opened.
            row(row.alertId()).ifPresent(listener::opened);
        }
        return new Recorded(row.alertId(), row.errorId());
    }

    /** Adds to the error record of the current window, or starts one; answers its id and first occurrence. */
    private Window addErrorRecord(Handle h, String alertId, Occurrence o, long n) {
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
                .bind("since", at - AGGREGATION_WINDOW.toMillis())
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

    static String title(ServiceId service, Outcome.Failure f) {
        return dev.aperture.calls.AlertTitle.of(service, f);
    }

    public Optional<Alert> find(String id) {
        buffer.flushForRead();
        return row(id);
    }

    private Optional<Alert> row(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + AlertRows.COLUMNS + " FROM alerts WHERE id = :id")
                .bind("id", id).map(new AlertRows()).findOne());
    }

    /** Hides one alert; more occurrences of the same ongoing problem keep counting on it. */
    public boolean dismiss(String id) {
        // No flush and no cache drop: a dismissed alert is still the unresolved one of its key and keeps
        // counting, so pending counts stay right, and reads flush them anyway.
        int n = Deadlocks.retry(() -> jdbi.withHandle(h -> h.createUpdate("UPDATE alerts SET dismissed_at = :now, "
                        + "dismissal_reason = 'manual' WHERE id = :id AND dismissed_at IS NULL AND resolved_at IS NULL")
                .bind("now", clock.millis()).bind("id", id).execute()));
        return n > 0 || find(id).isPresent();
    }

    public int dismissService(ServiceId service) {
        return Deadlocks.retry(() -> jdbi.withHandle(h -> h.createUpdate("UPDATE alerts SET dismissed_at = :now, "
                        + "dismissal_reason = 'manual' WHERE service = :service AND dismissed_at IS NULL "
                        + "AND resolved_at IS NULL")
                .bind("now", clock.millis()).bind("service", service.id()).execute()));
    }

    /**
     * Ends every unresolved alert of a service, dismissed or not: the service was shown to work.
     * With {@code respectReset}, a rate limit whose reset time is still ahead stays (a probe that
     * passed says nothing about a quota that has not reset yet).
     */
    public List<Alert> resolve(ServiceId service, Resolution why, boolean respectReset) {
        long now = clock.millis();
        // Order matters (see OccurrenceBuffer): counts so far land on the alerts while still open, then
        // they end, then their ids are forgotten so the next occurrence opens a new alert. Counts taken
        // between the end and the forgetting are refused by the flush's resolved_at guard and reopen.
        buffer.flush();
        List<Alert> resolved = Deadlocks.retry(() -> jdbi.inTransaction(h -> {
            String guard = (respectReset ? " AND (type <> 'rate_limit' OR reset_at IS NULL OR reset_at <= :now)" : "")
                    // A quota warning forecasts, it reports no failure: a call that works says nothing about it.
                    + " AND NOT (code = 'quota_nearly_used' AND reset_at IS NOT NULL AND reset_at > :now)"
                    // A probe checks the service, not one list or one user's token: those wait for a job that
                    // used them (or the admin). "quota" is the service-wide quota warning.
                    + (why.provesSubjects() ? "" : " AND subject IN ('', 'quota')");
            List<Alert> ending = h.createQuery("SELECT " + AlertRows.COLUMNS + " FROM alerts WHERE service = :service "
                            + "AND resolved_at IS NULL" + guard + " ORDER BY id")
                    .bind("service", service.id()).bind("now", now).map(new AlertRows()).list();
            for (Alert a : ending) {
                h.createUpdate("UPDATE alerts SET resolved_at = :now, resolution = :why WHERE id = :id "
                                + "AND resolved_at IS NULL")
                        .bind("now", now).bind("why", why.wire()).bind("id", a.id()).execute();
            }
            return ending;
        }));
        if (!resolved.isEmpty()) {
            buffer.forget(resolved.stream().map(Alert::id).collect(java.util.stream.Collectors.toSet()));
            listener.resolved(resolved);
        }
        return resolved;
    }
}
