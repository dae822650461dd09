package dev.aperture.alerts;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes alerts a retention period after they were resolved, or dismissed and quiet since (a
 * dismissed problem that keeps occurring is still being counted on its alert; deleting it would
 * make the next occurrence reappear as new), together with their error records.
 */
public final class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    public record Purged(int alerts, int errorRecords) {}

    private final org.jdbi.v3.core.Jdbi jdbi;
    private final Clock clock;
    private final Duration keep;
    private final OccurrenceBuffer buffer;

    public Retention(org.jdbi.v3.core.Jdbi jdbi, Clock clock, Duration keep) {
        this(jdbi, clock, keep, OccurrenceBuffer.off(jdbi));
    }

    /** With the book's buffer: its counts are written first, so a dismissed alert still occurring looks it. */
    public Retention(org.jdbi.v3.core.Jdbi jdbi, Clock clock, Duration keep, OccurrenceBuffer buffer) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.keep = keep;
        this.buffer = buffer;
    }

    public Purged run() {
        buffer.flush();
        long cutoff = clock.millis() - keep.toMillis();
        String expired = "(resolved_at IS NOT NULL AND resolved_at < :cutoff) OR "
                + "(resolved_at IS NULL AND dismissed_at IS NOT NULL AND dismissed_at < :cutoff "
                + "AND last_seen_at < :cutoff)";
        Purged purged = dev.aperture.store.Deadlocks.retry(() -> jdbi.inTransaction(h -> {
            int records = h.createUpdate("DELETE FROM error_records WHERE alert_id IN (SELECT id FROM alerts WHERE "
                    + expired + ")").bind("cutoff", cutoff).execute();
            int alerts = h.createUpdate("DELETE FROM alerts WHERE " + expired).bind("cutoff", cutoff).execute();
            return new Purged(alerts, records);
        }));
        if (purged.alerts() > 0) {
            LOG.info("retention deleted {} alerts and {} error records older than {} days", purged.alerts(),
                    purged.errorRecords(), keep.toDays());
        }
        return purged;
    }
}
