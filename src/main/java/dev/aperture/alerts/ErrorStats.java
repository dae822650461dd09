package dev.aperture.alerts;

import dev.aperture.calls.ErrorType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Error occurrences over time (read through {@link AlertStore#errorsSince}), for the dashboard's chart and its error patterns. */
public final class ErrorStats {

    /** {@code occurrences} failures of one service and type, recorded starting at {@code at}. */
    public record Point(Instant at, String service, ErrorType type, long occurrences) {}

    private final Jdbi jdbi;

    ErrorStats(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Occurrences since a time per service, type and {@code bucket} (counted from the epoch, so an hour or a
     * UTC day), each placed at its earliest record, oldest first. Records aggregate at most a minute of
     * identical failures, so placing each at its first occurrence is exact to the minute. Summed by the
     * database: 24 hours of a busy week are ~290,000 rows, which cost more to read out than to add up.
     * Unless {@code includeDismissed}, records of dismissed alerts are left out (a few ids, read by the index
     * on dismissed_at), resolved or not: dismissing acknowledged them.
     */
    List<Point> since(Instant since, Duration bucket, boolean includeDismissed) {
        // occurred_at is epoch milliseconds in a 64-bit integer on both databases, where % is the same operator.
        return jdbi.withHandle(h -> h.createQuery("SELECT MIN(occurred_at) AS first_at, service, type, "
                        + "SUM(occurrences) FROM error_records WHERE occurred_at >= :since "
                        + (includeDismissed ? "" : "AND alert_id NOT IN (SELECT id FROM alerts WHERE dismissed_at IS NOT NULL) ")
                        + "GROUP BY occurred_at - occurred_at % :bucket, service, type ORDER BY first_at, service, type")
                .bind("since", since.toEpochMilli())
                .bind("bucket", bucket.toMillis())
                .map((rs, ctx) -> new Point(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), AlertRows.type(rs),
                        rs.getLong(4)))
                .list());
    }
}
