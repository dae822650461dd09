package dev.aperture.quotas;

import java.time.Instant;

/**
 * One service's quota as GET /api/quotas shows it. {@code limit}, {@code remaining} and
 * {@code forecastExhaustedAt} are null when unknown or not reached this window; {@code source} says whether
 * {@code used} is the provider's own figure or Aperture's count of its calls.
 */
public record QuotaView(String service, String window, long used, Long limit, Long remaining, Instant resetAt,
                        Instant forecastExhaustedAt, Integer percentUsed, boolean warning, String source,
                        boolean probeCostsQuota) {}
