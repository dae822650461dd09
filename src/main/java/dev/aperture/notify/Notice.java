package dev.aperture.notify;

import dev.aperture.alerts.Alert;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.ServiceId;
import dev.aperture.calls.Severity;
import java.time.Instant;

/**
 * One alert as a notification tells it: a snapshot taken when the event happened, so a message
 * says what was true then even if the alert changed or was deleted before delivery.
 */
public record Notice(String alertId, String service, ErrorType type, Severity severity, String title, String message,
                     String action, long count, Instant firstSeenAt, Instant lastSeenAt, Instant resolvedAt) {

    static Notice of(Alert a) {
        return new Notice(a.id(), a.service(), a.type(), a.severity(), a.title(), a.message(), a.action(), a.count(),
                a.firstSeenAt(), a.lastSeenAt(), a.resolvedAt());
    }

    /** Stable per alert, so receivers (PagerDuty-style) can pair "resolved" with its "opened". */
    public String dedupKey() {
        return "aperture:" + alertId;
    }

    public String serviceName() {
        return ServiceId.parse(service).map(ServiceId::displayName).orElse(service);
    }
}
