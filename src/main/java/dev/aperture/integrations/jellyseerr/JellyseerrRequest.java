package dev.aperture.integrations.jellyseerr;

import java.time.Instant;
import java.util.Optional;

/**
 * A media request: Jellyseerr's status code (1 pending, 2 approved, 3 declined, 4 failed, 5 completed), the
 * media type ("movie" or "tv") and TMDb id, who asked (empty when the answer does not say) and when.
 */
public record JellyseerrRequest(String id, Integer status, String mediaType, String tmdbId,
                                Optional<JellyseerrUser> requestedBy, Instant createdAt) {}
