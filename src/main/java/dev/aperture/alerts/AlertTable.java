package dev.aperture.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aperture.calls.Occurrence;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.ServiceId;
import dev.aperture.store.Deadlocks;
import dev.aperture.store.Ids;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The durable half of the store: the SQL on alerts and error records. One unresolved alert per service
 * + type + subject (a unique partial index, not a lock, keeps it one under concurrent writers, also
 * across instances). Every write announces the alerts it changed on {@code changes} in its own
 * transaction, so other instances hear of it when, and only if, it commits.
 */
final class AlertTable {

    /**
     * Identical failures within this window of a record's first occurrence add to it instead of
     * writing a row each: a storm keeps its exact count in at most one row per minute, and a long
     * outage still shows up minute by minute in a time-filtered error list.
     */
    static final Duration AGGREGATION_WINDOW = Duration.ofSeconds(60);

    static final String SELECT = "SELECT " + AlertRows.COLUMNS + " FROM alerts ";

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
            + "RETURNING " + AlertRows.COLUMNS;

    private static final String EXPIRED = "(resolved_at IS NOT NULL AND resolved_at < :cutoff) OR "
            + "(resolved_at IS NULL AND dismissed_at IS NOT NULL AND dismissed_at < :cutoff "
            + "AND last_seen_at < :cutoff)";

    /** What one write of occurrences left: the alert's row, and the error record of the window they went to. */
    record Written(Alert alert, String errorId, long windowStart) {}

    /** What retention deleted: the counts, and the alerts among them that were still unresolved. */
    record Purge(Retention.Purged purged, List<String> unresolvedIds) {}

    private final Jdbi jdbi;
    private final Clock clock;
    private final ChangeFeed changes;
    private final ErrorRecords records;

    AlertTable(Jdbi jdbi, Clock clock, ChangeFeed changes, ObjectMapper json) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.changes = changes;
        this.records = new ErrorRecords(clock, json);
    }

    /** Adds {@code n} identical occurrences to the unresolved alert of their key (opening it) and to an error record. */
    Written write(Occurrence o, long n) {
        Outcome.Failure f = o.failure();
        long at = o.at().toEpochMilli();
        return Deadlocks.retry(() -> jdbi.inTransaction(h -> {
            Alert alert = h.createQuery(UPSERT)
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
                    .map(new AlertRows())
                    .one();
            ErrorRecords.Window window = records.add(h, alert.id(), o, n);
            changes.announce(h, List.of(alert.id()));
            return new Written(alert, window.errorId(), window.start());
        }));
    }

    static String title(ServiceId service, Outcome.Failure f) {
        return dev.aperture.calls.AlertTitle.of(service, f);
    }

    Optional<Alert> row(String id) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + "WHERE id = :id").bind("id", id).map(new AlertRows())
                .findOne());
    }

    /** These alerts as stored now, whatever their state; ids no longer stored are missing. */
    List<Alert> rows(Collection<String> ids) {
        return jdbi.withHandle(h -> rows(h, ids));
    }

    static List<Alert> rows(Handle h, Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return h.createQuery(SELECT + "WHERE id IN (<ids>)").bindList("ids", List.copyOf(ids))
                .map(new AlertRows()).list();
    }

    List<Alert> unresolved() {
        return jdbi.withHandle(h -> h.createQuery(SELECT + "WHERE resolved_at IS NULL").map(new AlertRows()).list());
    }

    /** Hides one alert; answers its row afterwards, empty when there is no such alert. */
    Optional<Alert> dismiss(String id) {
        return Deadlocks.retry(() -> jdbi.inTransaction(h -> {
            int n = h.createUpdate("UPDATE alerts SET dismissed_at = :now, dismissal_reason = 'manual' "
                            + "WHERE id = :id AND dismissed_at IS NULL AND resolved_at IS NULL")
                    .bind("now", clock.millis()).bind("id", id).execute();
            if (n > 0) {
                changes.announce(h, List.of(id));
            }
            return h.createQuery(SELECT + "WHERE id = :id").bind("id", id).map(new AlertRows()).findOne();
        }));
    }

    /** Hides every open alert of a service; answers their rows afterwards. */
    List<Alert> dismissService(ServiceId service) {
        return Deadlocks.retry(() -> jdbi.inTransaction(h -> {
            List<Alert> dismissed = h.createQuery("UPDATE alerts SET dismissed_at = :now, dismissal_reason = 'manual' "
                            + "WHERE service = :service AND dismissed_at IS NULL AND resolved_at IS NULL "
                            + "RETURNING " + AlertRows.COLUMNS)
                    .bind("now", clock.millis()).bind("service", service.id()).map(new AlertRows()).list();
            changes.announce(h, dismissed.stream().map(Alert::id).toList());
            return dismissed;
        }));
    }

    /**
     * The unresolved alerts of a service a success proves fixed. With {@code respectReset}, a rate limit
     * whose reset time is still ahead stays (a probe that passed says nothing about a quota that has not
     * reset yet).
     */
    static Function<Handle, List<Alert>> fixedBy(ServiceId service, Resolution why, boolean respectReset, long now) {
        String guard = (respectReset ? " AND (type <> 'rate_limit' OR reset_at IS NULL OR reset_at <= :now)" : "")
                // A quota warning forecasts, it reports no failure: a call that works says nothing about it.
                + " AND NOT (code = 'quota_nearly_used' AND reset_at IS NOT NULL AND reset_at > :now)"
                // A probe checks the service, not one list or one user's token: those wait for a job that
                // used them (or the admin). "quota" is the service-wide quota warning.
                + (why.provesSubjects() ? "" : " AND subject IN ('', 'quota')");
        return h -> h.createQuery(SELECT + "WHERE service = :service AND resolved_at IS NULL" + guard + " ORDER BY id")
                .bind("service", service.id()).bind("now", now).map(new AlertRows()).list();
    }

    /** Ends the alerts {@code choose} picks (unresolved ones); answers them as they were just before. */
    List<Alert> end(Resolution why, String endedBy, Function<Handle, List<Alert>> choose) {
        long now = clock.millis();
        return Deadlocks.retry(() -> jdbi.inTransaction(h -> {
            List<Alert> ending = choose.apply(h).stream().filter(a -> a.resolvedAt() == null).toList();
            for (Alert a : ending) {
                h.createUpdate("UPDATE alerts SET resolved_at = :now, resolution = :why, ended_by = :by "
                                + "WHERE id = :id AND resolved_at IS NULL")
                        .bind("now", now).bind("why", why.wire()).bind("by", endedBy).bind("id", a.id()).execute();
            }
            changes.announce(h, ending.stream().map(Alert::id).toList());
            return ending;
        }));
    }

    /** Resolved, and dismissed and quiet, alerts older than {@code cutoff}, with their error records. */
    Purge purge(long cutoff) {
        return Deadlocks.retry(() -> jdbi.inTransaction(h -> {
            List<String> unresolved = h.createQuery("SELECT id FROM alerts WHERE resolved_at IS NULL AND ("
                    + EXPIRED + ")").bind("cutoff", cutoff).mapTo(String.class).list();
            int records = h.createUpdate("DELETE FROM error_records WHERE alert_id IN (SELECT id FROM alerts WHERE "
                    + EXPIRED + ")").bind("cutoff", cutoff).execute();
            int alerts = h.createUpdate("DELETE FROM alerts WHERE " + EXPIRED).bind("cutoff", cutoff).execute();
            changes.announce(h, unresolved);
            return new Purge(new Retention.Purged(alerts, records), unresolved);
        }));
    }

    /** Resolved and dismissed alerts, newest transition first, as stored. */
    List<Alert> history(Optional<String> service, int limit) {
        String sql = SELECT + "WHERE (resolved_at IS NOT NULL OR dismissed_at IS NOT NULL)"
                + service.map(s -> " AND service = :service").orElse("")
                + " ORDER BY COALESCE(resolved_at, dismissed_at) DESC LIMIT :limit";
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql).bind("limit", limit);
            service.ifPresent(s -> q.bind("service", s));
            return q.map(new AlertRows()).list();
        });
    }
}
