package dev.aperture.ui;

import dev.aperture.calls.ServiceId;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a service's quota use comes from: one method, so the pages never depend on how quotas are
 * counted. {@link #NONE} knows none and the cards simply show no bar.
 */
@FunctionalInterface
public interface Quotas {

    Quotas NONE = service -> Optional.empty();

    Optional<Quota> of(ServiceId service);

    /**
     * Use in a window, e.g. OMDb's UTC day. {@code limit} is null when the provider states none;
     * {@code forecastExhaustedAt} is null when the quota lasts until {@code resetAt}. {@code exhausted}: the
     * provider refused for a used-up quota, so it reads as used up until the reset; {@code observed}: the limit
     * is the count the key was served before such a refusal, not the documented or configured one.
     */
    record Quota(String window, long used, Long limit, Instant resetAt, Instant forecastExhaustedAt,
                 boolean nearlyUsed, boolean probeCostsQuota, boolean exhausted, boolean observed) {

        public Quota(String window, long used, Long limit, Instant resetAt, Instant forecastExhaustedAt,
                     boolean nearlyUsed, boolean probeCostsQuota) {
            this(window, used, limit, resetAt, forecastExhaustedAt, nearlyUsed, probeCostsQuota, false, false);
        }

        public boolean limited() {
            return limit != null && limit > 0;
        }

        public int percent() {
            if (exhausted) {
                return 100;
            }
            return limited() ? (int) Math.min(100, used * 100 / limit) : 0;
        }

        /** The window in words, for "Quota (per UTC day)". */
        public String windowWords() {
            return switch (window) {
                case "day" -> "per UTC day";
                case "5m" -> "per 5 minutes";
                case "minute" -> "per minute";
                default -> window;
            };
        }
    }
}
