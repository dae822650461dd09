package dev.aperture.alerts;

import dev.aperture.calls.ErrorType;
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
     * Error records since a time, oldest first. Records aggregate at most a minute of identical
     * failures, so placing each at its first occurrence is exact to the minute.
     */
    List<Point> since(Instant since) {
        return jdbi.withHandle(h -> h.createQuery("SELECT occurred_at, service, type, occurrences FROM error_records "
                        + "WHERE occurred_at >= :since ORDER BY occurred_at")
                .bind("since", since.toEpochMilli())
                .map((rs, ctx) -> new Point(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), AlertRows.type(rs),
                        rs.getLong(4)))
                .list());
    }
}
