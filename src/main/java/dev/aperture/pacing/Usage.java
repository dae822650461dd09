package dev.aperture.pacing;

import java.time.Instant;

/** What a provider itself says about a quota: used of limit, resetting at {@code resetAt}. */
public record Usage(long used, long limit, Instant resetAt) {}
