package dev.aperture.pacing;

import dev.aperture.calls.ServiceId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The other Aperture processes on the same database, as pacing sees them: how many share each provider's
 * limits, and the provider waits any of them learned. {@link #ALONE} is a single process.
 */
public interface Peers {

    /** A provider's wait as the database holds it; {@code releasedAt} is when someone last saved new settings. */
    record Hold(Instant until, Optional<Instant> releasedAt) {}

    /** Instances pacing the same providers right now, this one included; at least 1. */
    int sharing();

    /** Tells the others that {@code service} asked to wait until {@code until}. Never throws. */
    void held(ServiceId service, Instant until);

    /** Tells the others that {@code service}'s settings changed at {@code at}, so old waits no longer apply. */
    void released(ServiceId service, Instant at);

    /** Every service's hold as last shared; empty when the database cannot be read. */
    Map<ServiceId, Hold> holds();

    Peers ALONE = new Peers() {
        @Override
        public int sharing() {
            return 1;
        }

        @Override
        public void held(ServiceId service, Instant until) {}

        @Override
        public void released(ServiceId service, Instant at) {}

        @Override
        public Map<ServiceId, Hold> holds() {
            return Map.of();
        }
    };
}
