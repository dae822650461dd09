package dev.aperture.alerts;

import java.time.Duration;

/**
 * Deletes alerts a retention period after they were resolved, or dismissed and quiet since (a
 * dismissed problem that keeps occurring is still being counted on its alert; deleting it would
 * make the next occurrence reappear as new), together with their error records.
 */
public final class Retention {

    public record Purged(int alerts, int errorRecords) {}

    private final AlertStore store;
    private final Duration keep;

    public Retention(AlertStore store, Duration keep) {
        this.store = store;
        this.keep = keep;
    }

    public Purged run() {
        return store.purge(keep);
    }
}
