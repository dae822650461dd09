package dev.aperture.ratings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.calls.JsonBody;
import java.time.Instant;

/** Reading Trakt's token answer: {access_token, refresh_token, expires_in (seconds), ...}. */
final class TraktTokenAnswer {

    /** Trakt's access tokens live 24 hours in current docs; assume that when the answer does not say. */
    private static final int DEFAULT_LIFETIME_SECONDS = 24 * 3600;

    private TraktTokenAnswer() {}

    /**
     * Now + expires_in, by Aperture's clock: Trakt's created_at comes from its clock, and a skew
     * between the two would make a fresh token look expired (or an expired one fresh).
     */
    static Instant expiry(JsonNode body, Instant now) {
        return now.plusSeconds(JsonBody.integer(body, "expires_in").orElse(DEFAULT_LIFETIME_SECONDS));
    }
}
