package dev.aperture.integrations.trakt;

import dev.aperture.secrets.Secret;
import java.time.Instant;
import java.util.Optional;

/** Trakt's token answer: a new access token and single-use refresh token, and their lifetime in seconds if sent. */
public record TraktTokenGrant(Secret access, Secret refresh, Optional<Integer> expiresInSeconds) {

    /** Trakt's access tokens live 24 hours in current docs; assume that when the answer does not say. */
    private static final int DEFAULT_LIFETIME_SECONDS = 24 * 3600;

    /**
     * Now + expires_in, by Aperture's clock: Trakt's created_at comes from its clock, and a skew
     * between the two would make a fresh token look expired (or an expired one fresh).
     */
    public Instant expiresAt(Instant now) {
        return now.plusSeconds(expiresInSeconds.orElse(DEFAULT_LIFETIME_SECONDS));
    }
}
