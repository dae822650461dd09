package dev.aperture.quotas;

import dev.aperture.calls.ServiceId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What "quota used up" answers taught, per service: the window is used up until its reset, and the count it
 * served before the refusal is the key's real limit. Stored so a restart keeps it, and read once per service
 * per process (a refusal seen by another instance shows here after a restart or the next refusal).
 */
final class LearnedLimits {

    private static final Logger LOG = LoggerFactory.getLogger(LearnedLimits.class);

    /** {@code limit} is null when nothing had been counted before the refusal. */
    record Learned(Long limit, Instant exhaustedAt, Instant resetAt) {
        boolean usedUpAt(Instant now) {
            return now.isBefore(resetAt);
        }
    }

    private final Jdbi jdbi;
    private final Map<ServiceId, Optional<Learned>> known = new ConcurrentHashMap<>();

    LearnedLimits(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    Optional<Learned> of(ServiceId service) {
        Optional<Learned> cached = known.get(service);
        if (cached != null) {
            return cached;
        }
        try {
            Optional<Learned> read = jdbi.withHandle(h -> h.createQuery("SELECT observed_limit, exhausted_at, reset_at "
                            + "FROM quota_learned WHERE service = :s").bind("s", service.id())
                    .map((rs, ctx) -> {
                        long limit = rs.getLong(1);
                        return new Learned(rs.wasNull() ? null : limit, Instant.ofEpochMilli(rs.getLong(2)),
                                Instant.ofEpochMilli(rs.getLong(3)));
                    }).findOne());
            known.put(service, read);
            return read;
        } catch (RuntimeException e) {
            // The store is down: the bar shows what is counted, and the next read tries again.
            LOG.warn("could not read the learned quota of {}: {}", service.id(), e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    void exhausted(ServiceId service, Long limit, Instant at, Instant resetAt) {
        write(service, new Learned(limit, at, resetAt));
    }

    /** A call was served while the window read as used up: it is not, though the limit learned stays. */
    void served(ServiceId service, Instant at) {
        of(service).filter(l -> l.usedUpAt(at)).ifPresent(l -> write(service, new Learned(l.limit(), l.exhaustedAt(), at)));
    }

    /** New settings, perhaps a new key with its own quota: nothing learned about the old one applies. */
    void forget(ServiceId service) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM quota_learned WHERE service = :s").bind("s", service.id())
                .execute());
        known.put(service, Optional.empty());
    }

    private void write(ServiceId service, Learned l) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO quota_learned (service, observed_limit, exhausted_at, reset_at) "
                        + "VALUES (:s, :limit, :at, :reset) ON CONFLICT (service) DO UPDATE SET "
                        + "observed_limit = excluded.observed_limit, exhausted_at = excluded.exhausted_at, "
                        + "reset_at = excluded.reset_at")
                .bind("s", service.id()).bind("limit", l.limit()).bind("at", l.exhaustedAt().toEpochMilli())
                .bind("reset", l.resetAt().toEpochMilli()).execute());
        known.put(service, Optional.of(l));
    }
}
