package dev.aperture.alerts;

import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Severity;
import java.time.Instant;
import java.util.Map;

/** One stored failure (or a run of identical ones, {@code occurrences}) with its sanitized request. */
public record ErrorRecord(String id, String alertId, String service, ErrorType type, Severity severity,
                          String subject,
                          String code, Integer httpStatus, String message, String action, String jobRunId,
                          Instant occurredAt, Instant lastOccurredAt, long occurrences, Request request) {

    public record Request(String method, String url, Map<String, String> headers, Integer responseStatus,
                          String responseExcerpt, long durationMs) {}
}
