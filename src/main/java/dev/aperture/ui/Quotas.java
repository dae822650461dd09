package dev.aperture.ui;

import dev.aperture.calls.ServiceId;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a service's quota use comes from. The quota tracking lands separately; until then
 * {@link #NONE} knows none and the integration cards simply show no bar.
 */
@FunctionalInterface
public interface Quotas {

    Quotas NONE = service -> Optional.empty();

    Optional<Quota> of(ServiceId service);

    /** Use in a window, e.g. OMDb's UTC day. */
    record Quota(String window, long used, long limit, Instant resetAt) {
        public int percent() {
            return limit <= 0 ? 0 : (int) Math.min(100, used * 100 / limit);
        }

        /** Worth a warning colour before it runs out. */
        public boolean nearlyUsed() {
            return percent() >= 80;
        }
    }
}
