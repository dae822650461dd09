package dev.aperture.quotas;

import dev.aperture.calls.ServiceId;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/** Persisted per-window counts, for quotas that outlive a restart (OMDb's requests of the UTC day). */
final class UsageCounts {

    private final Jdbi jdbi;

    UsageCounts(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Adds one call; answers the window's total across every process sharing the database. */
    long add(ServiceId service, Instant windowStart) {
        return jdbi.withHandle(h -> h.createQuery("INSERT INTO quota_usage (service, window_start, used) "
                        + "VALUES (:s, :w, 1) ON CONFLICT (service, window_start) DO UPDATE SET "
                        + "used = quota_usage.used + 1 RETURNING used")
                .bind("s", service.id()).bind("w", windowStart.toEpochMilli()).mapTo(Long.class).one());
    }

    long used(ServiceId service, Instant windowStart) {
        return jdbi.withHandle(h -> h.createQuery("SELECT used FROM quota_usage WHERE service = :s AND window_start = :w")
                .bind("s", service.id()).bind("w", windowStart.toEpochMilli()).mapTo(Long.class).findOne().orElse(0L));
    }

    /** Old windows are history nobody reads: keep a week for troubleshooting. */
    void prune(Instant before) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM quota_usage WHERE window_start < :t")
                .bind("t", before.toEpochMilli()).execute());
    }
}
