package dev.aperture.quotas;

import java.time.Instant;

/**
 * One service's quota as GET /api/quotas shows it. {@code limit}, {@code remaining} and
 * {@code forecastExhaustedAt} are null when unknown or not reached this window; {@code source} says whether
 * {@code used} is the provider's own figure or Aperture's count of its calls. {@code exhausted}: the provider
 * refused for a used-up quota in this window, which then reads as used up until {@code resetAt};
 * {@code limitSource} is {@code configured}, {@code provider} (its headers) or {@code observed} (the count
 * the key was served before such a refusal).
 */
public record QuotaView(String service, String window, long used, Long limit, Long remaining, Instant resetAt,
                        Instant forecastExhaustedAt, Integer percentUsed, boolean warning, String source,
                        boolean probeCostsQuota, boolean exhausted, String limitSource) {}
