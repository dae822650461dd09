package dev.aperture.alerts;

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

    private final AlertStore store;
    private final Duration keep;

    public Retention(AlertStore store, Duration keep) {
        this.store = store;
        this.keep = keep;
    }

    public Purged run() {
        Purged purged = store.purge(keep);
        if (purged.alerts() > 0) {
            LOG.info("retention deleted {} alerts and {} error records older than {} days", purged.alerts(),
                    purged.errorRecords(), keep.toDays());
        }
        return purged;
    }
}
