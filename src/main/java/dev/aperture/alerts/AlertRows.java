package dev.aperture.alerts;

import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Severity;
import dev.aperture.store.Wired;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Maps alert rows; timestamps are stored as epoch milliseconds. */
final class AlertRows implements RowMapper<Alert> {

    static final String COLUMNS = "id, service, type, severity, subject, title, message, action, code, http_status, "
            + "occurrences, first_seen_at, last_seen_at, reset_at, job_run_id, dismissed_at, dismissal_reason, "
            + "resolved_at, resolution, ended_by";

    @Override
    public Alert map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Alert(rs.getString("id"), rs.getString("service"), type(rs), severity(rs),
                rs.getString("subject"), rs.getString("title"), rs.getString("message"), rs.getString("action"),
                rs.getString("code"), integer(rs, "http_status"), rs.getLong("occurrences"),
                instant(rs, "first_seen_at"), instant(rs, "last_seen_at"), instant(rs, "reset_at"),
                rs.getString("job_run_id"), instant(rs, "dismissed_at"), rs.getString("dismissal_reason"),
                instant(rs, "resolved_at"), resolution(rs), rs.getString("ended_by"));
    }

    static ErrorType type(ResultSet rs) throws SQLException {
        String wire = rs.getString("type");
        return Wired.fromWire(ErrorType.class, wire)
                .orElseThrow(() -> new IllegalStateException("no error type is written '" + wire + "'"));
    }

    static Severity severity(ResultSet rs) throws SQLException {
        String wire = rs.getString("severity");
        return Wired.fromWire(Severity.class, wire)
                .orElseThrow(() -> new IllegalStateException("no severity is written '" + wire + "'"));
    }

    private static Resolution resolution(ResultSet rs) throws SQLException {
        String wire = rs.getString("resolution");
        return wire == null ? null : Wired.of(Resolution.class, wire);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    static Integer integer(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }
}
