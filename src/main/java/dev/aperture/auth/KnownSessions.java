package dev.aperture.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;

/**
 * Sessions as last read from the database, each kept with the {@link dev.aperture.store.Changes} stamp taken
 * before that read: one serves only while the stamp is unchanged, so a logout, a password change or a reset by
 * any process is seen by the next request. Only sessions that exist are kept (a made-up cookie is a miss every
 * time, as before), and at most {@link #MAX} of them, the least used going first.
 */
final class KnownSessions {

    /** Far more than the browsers of one self-hosted service; past it, the rarest are read from the database. */
    static final int MAX = 1_000;

    record Known(long stamp, Principal principal, long expiresAt) {}

    private final Cache<String, Known> known = Caffeine.newBuilder().maximumSize(MAX).build();

    /** The session read with this very stamp, if any: read with another, it may have ended since. */
    Optional<Known> get(String tokenHash, long stamp) {
        Known k = known.getIfPresent(tokenHash);
        return k != null && k.stamp() == stamp && stamp != dev.aperture.store.Changes.UNKNOWN
                ? Optional.of(k) : Optional.empty();
    }

    void keep(String tokenHash, Known session) {
        if (session.stamp() != dev.aperture.store.Changes.UNKNOWN) {
            known.put(tokenHash, session);
        }
    }

    void forget(String tokenHash) {
        known.invalidate(tokenHash);
    }
}
