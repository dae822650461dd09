package dev.aperture.alerts;

import java.time.Instant;

/** One problem as the admin sees it (REST field names of product.md). */
public record Alert(String id, String service, String type, String severity, String subject, String title,
                    String message, String action, String code, Integer httpStatus, long count, Instant firstSeenAt,
                    Instant lastSeenAt, Instant resetAt, String jobRunId, Instant dismissedAt,
                    String dismissalReason, Instant resolvedAt, String resolution) {

    public boolean open() {
        return resolvedAt == null && dismissedAt == null;
    }
}
