package dev.aperture.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aperture.calls.ErrorType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** Reads error records (through {@link AlertStore#errors}), newest first, with keyset paging so deep pages stay cheap. */
public final class ErrorLog {

    public record Filter(Optional<String> service, Optional<ErrorType> type, Optional<Instant> since,
                         Optional<Instant> until, Optional<String> jobRunId, Optional<String> alertId) {}

    public record Page(List<ErrorRecord> errors, String nextCursor) {}

    private final Jdbi jdbi;
    private final ObjectMapper json;

    ErrorLog(Jdbi jdbi, ObjectMapper json) {
        this.jdbi = jdbi;
        this.json = json;
    }

    /** As stored: the store writes the counts it holds first ({@link AlertStore#errors}). */
    Page list(Filter filter, int limit, Optional<String> cursor) {
        StringBuilder sql = new StringBuilder("SELECT * FROM error_records WHERE 1 = 1");
        filter.service().ifPresent(v -> sql.append(" AND service = :service"));
        filter.type().ifPresent(v -> sql.append(" AND type = :type"));
        filter.since().ifPresent(v -> sql.append(" AND last_occurred_at >= :since"));
        filter.until().ifPresent(v -> sql.append(" AND occurred_at <= :until"));
        filter.jobRunId().ifPresent(v -> sql.append(" AND job_run_id = :jobRunId"));
        filter.alertId().ifPresent(v -> sql.append(" AND alert_id = :alertId"));
        Optional<long[]> after = cursor.map(ErrorLog::decodeCursorTime);
        Optional<String> afterId = cursor.map(ErrorLog::decodeCursorId);
        if (after.isPresent()) {
            sql.append(" AND (occurred_at < :cTime OR (occurred_at = :cTime AND id < :cId))");
        }
        sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT :limit");
        List<ErrorRecord> rows = jdbi.withHandle(h -> {
            Query q = h.createQuery(sql.toString()).bind("limit", limit + 1);
            filter.service().ifPresent(v -> q.bind("service", v));
            filter.type().ifPresent(v -> q.bind("type", v.wire()));
            filter.since().ifPresent(v -> q.bind("since", v.toEpochMilli()));
            filter.until().ifPresent(v -> q.bind("until", v.toEpochMilli()));
            filter.jobRunId().ifPresent(v -> q.bind("jobRunId", v));
            filter.alertId().ifPresent(v -> q.bind("alertId", v));
            after.ifPresent(t -> q.bind("cTime", t[0]));
            afterId.ifPresent(id -> q.bind("cId", id));
            return q.map((rs, ctx) -> new ErrorRecord(rs.getString("id"), rs.getString("alert_id"),
                    rs.getString("service"), AlertRows.type(rs), AlertRows.severity(rs), rs.getString("subject"),
                    rs.getString("code"), AlertRows.integer(rs, "http_status"), rs.getString("message"),
                    rs.getString("action"), rs.getString("job_run_id"), AlertRows.instant(rs, "occurred_at"),
                    AlertRows.instant(rs, "last_occurred_at"), rs.getLong("occurrences"),
                    new ErrorRecord.Request(rs.getString("method"), rs.getString("url"),
                            parseHeaders(rs.getString("request_headers")), AlertRows.integer(rs, "response_status"),
                            rs.getString("response_excerpt"), rs.getLong("duration_ms")))).list();
        });
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            ErrorRecord last = rows.get(rows.size() - 1);
            next = encodeCursor(last.occurredAt().toEpochMilli(), last.id());
        }
        return new Page(List.copyOf(rows), next);
    }

    /** Whether a cursor string is one this API issued. */
    public static boolean validCursor(String cursor) {
        try {
            decodeCursorTime(cursor);
            decodeCursorId(cursor);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static String headersJson(ObjectMapper json, Map<String, String> headers) {
        try {
            return json.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            return "{}";
        }
    }

    private Map<String, String> parseHeaders(String text) {
        try {
            return json.readValue(text, new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static String encodeCursor(long time, String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((time + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    private static long[] decodeCursorTime(String cursor) {
        String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        return new long[] {Long.parseLong(raw.substring(0, raw.indexOf(':')))};
    }

    private static String decodeCursorId(String cursor) {
        String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        String id = raw.substring(raw.indexOf(':') + 1);
        if (id.isEmpty()) {
            throw new IllegalArgumentException("cursor");
        }
        return id;
    }
}
