package dev.aperture.alerts;

import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Severity;
import java.time.Instant;

/**
 * One problem as the admin sees it; the component names are the REST API's field names, kept stable.
 * {@code endedBy} is the answer that ended it ("rate limit answer 429 from MDBList"), null while open or when
 * nothing but a dismissal or retention touched it.
 */
public record Alert(String id, String service, ErrorType type, Severity severity, String subject, String title,
                    String message, String action, String code, Integer httpStatus, long count, Instant firstSeenAt,
                    Instant lastSeenAt, Instant resetAt, String jobRunId, Instant dismissedAt,
                    String dismissalReason, Instant resolvedAt, Resolution resolution, String endedBy) {

    public boolean open() {
        return resolvedAt == null && dismissedAt == null;
    }

    /**
     * Whether this alert counts in a status, a total or a chart: unresolved and, unless dismissed ones are asked
     * for, not dismissed. Every count reads this, so a chip, a total and a table row never disagree.
     */
    public boolean counts(boolean includeDismissed) {
        return resolvedAt == null && (includeDismissed || dismissedAt == null);
    }
}
