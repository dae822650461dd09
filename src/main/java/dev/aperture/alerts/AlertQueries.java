package dev.aperture.alerts;

import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Severity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** Reads alerts for views: open ones (never dismissed or resolved), totals, and history. */
public final class AlertQueries {

    public record Filter(Optional<String> service, Optional<ErrorType> type, Optional<Severity> severity) {
        public static Filter none() {
            return new Filter(Optional.empty(), Optional.empty(), Optional.empty());
        }

        public static Filter service(String service) {
            return new Filter(Optional.of(service), Optional.empty(), Optional.empty());
        }
    }

    public record Totals(long error, long warning, long info, long total) {}

    private final Jdbi jdbi;
    private final OccurrenceBuffer buffer;

    public AlertQueries(Jdbi jdbi) {
        this(jdbi, OccurrenceBuffer.off(jdbi));
    }

    /** Reads after writing the counts {@code buffer} holds, so a view never lags the failures it shows. */
    public AlertQueries(Jdbi jdbi, OccurrenceBuffer buffer) {
        this.jdbi = jdbi;
        this.buffer = buffer;
    }

    public List<Alert> open(Filter filter) {
        StringBuilder sql = new StringBuilder("SELECT " + AlertRows.COLUMNS
                + " FROM alerts WHERE resolved_at IS NULL AND dismissed_at IS NULL");
        filter.service().ifPresent(s -> sql.append(" AND service = :service"));
        filter.type().ifPresent(s -> sql.append(" AND type = :type"));
        filter.severity().ifPresent(s -> sql.append(" AND severity = :severity"));
        sql.append(" ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, last_seen_at DESC");
        buffer.flushForRead();
        return jdbi.withHandle(h -> {
            Query q = h.createQuery(sql.toString());
            filter.service().ifPresent(s -> q.bind("service", s));
            filter.type().ifPresent(s -> q.bind("type", s.wire()));
            filter.severity().ifPresent(s -> q.bind("severity", s.wire()));
            return q.map(new AlertRows()).list();
        });
    }

    /** Counts of open alerts only: dismissed and resolved ones never count in totals, badges or charts. */
    public Totals totals() {
        buffer.flushForRead();
        return jdbi.withHandle(h -> {
            Map<Severity, Long> bySeverity = new java.util.EnumMap<>(Severity.class);
            h.createQuery("SELECT severity, COUNT(*) AS n FROM alerts WHERE resolved_at IS NULL "
                            + "AND dismissed_at IS NULL GROUP BY severity")
                    .map((rs, ctx) -> Map.entry(AlertRows.severity(rs), rs.getLong("n")))
                    .forEach(e -> bySeverity.put(e.getKey(), e.getValue()));
            long error = bySeverity.getOrDefault(Severity.ERROR, 0L);
            long warning = bySeverity.getOrDefault(Severity.WARNING, 0L);
            long info = bySeverity.getOrDefault(Severity.INFO, 0L);
            return new Totals(error, warning, info, error + warning + info);
        });
    }

    /** Open-alert count per service, for integration cards. */
    public Map<String, Long> openCountByService() {
        buffer.flushForRead();
        return jdbi.withHandle(h -> {
            Map<String, Long> out = new java.util.HashMap<>();
            h.createQuery("SELECT service, COUNT(*) AS n FROM alerts WHERE resolved_at IS NULL AND dismissed_at IS NULL "
                            + "GROUP BY service")
                    .map((rs, ctx) -> Map.entry(rs.getString("service"), rs.getLong("n")))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
            return out;
        });
    }

    /** Unresolved alerts of a service, dismissed ones included: the problems still going on. */
    public List<Alert> ongoing(String service) {
        buffer.flushForRead();
        return jdbi.withHandle(h -> h.createQuery("SELECT " + AlertRows.COLUMNS
                        + " FROM alerts WHERE resolved_at IS NULL AND service = :service")
                .bind("service", service).map(new AlertRows()).list());
    }

    /** Resolved and dismissed alerts, newest transition first. */
    public List<Alert> history(Optional<String> service, int limit) {
        String sql = "SELECT " + AlertRows.COLUMNS + " FROM alerts WHERE (resolved_at IS NOT NULL OR dismissed_at IS NOT NULL)"
                + service.map(s -> " AND service = :service").orElse("")
                + " ORDER BY COALESCE(resolved_at, dismissed_at) DESC LIMIT :limit";
        buffer.flushForRead();
        return jdbi.withHandle(h -> {
            Query q = h.createQuery(sql).bind("limit", limit);
            service.ifPresent(s -> q.bind("service", s));
            return q.map(new AlertRows()).list();
        });
    }
}
