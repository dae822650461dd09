package dev.aperture.notify;

import dev.aperture.alerts.Alert;
import dev.aperture.alerts.AlertListener;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears alerts open and resolve and only writes them to the outbox: one local insert, no network,
 * so the call pipeline and jobs are never slowed by a channel. The worker batches and sends.
 */
final class NotificationDispatcher implements AlertListener {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);

    private final Outbox outbox;
    private final Clock clock;

    NotificationDispatcher(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public void opened(Alert alert) {
        queue(Event.OPENED, List.of(Notice.of(alert)));
    }

    @Override
    public void resolved(List<Alert> alerts) {
        // AlertStore hands over the alerts as they were just before it resolved them.
        Instant now = clock.instant();
        queue(Event.RESOLVED, alerts.stream().map(a -> {
            Notice n = Notice.of(a);
            return new Notice(n.alertId(), n.service(), n.type(), n.severity(), n.title(), n.message(), n.action(),
                    n.count(), n.firstSeenAt(), n.lastSeenAt(), a.resolvedAt() != null ? a.resolvedAt() : now);
        }).toList());
    }

    private void queue(Event event, List<Notice> notices) {
        try {
            outbox.addEvents(event, notices, clock.instant());
        } catch (RuntimeException e) {
            // The alert itself is stored; failing the caller (a job, a call) over its notification would be worse.
            LOG.error("could not queue a notification of {} alert(s) {}: {}", notices.size(), event.wire(),
                    e.getClass().getName());
        }
    }
}
