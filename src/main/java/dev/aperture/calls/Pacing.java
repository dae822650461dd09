package dev.aperture.calls;

import java.util.Optional;

/**
 * The pacing and circuit-breaking stage in front of the wire. {@link #admit} may wait for a permit;
 * it answers a failure instead when the call must not be sent at all (circuit open, a reset too far
 * away). {@link #observe} sees every answer, so rate-limit headers and outages adjust what comes next.
 */
public interface Pacing {

    Optional<Outcome.Failure> admit(CallRequest request, CallContext context);

    void observe(CallRequest request, Answer answer, Outcome outcome);

    Pacing NONE = new Pacing() {
        @Override
        public Optional<Outcome.Failure> admit(CallRequest request, CallContext context) {
            return Optional.empty();
        }

        @Override
        public void observe(CallRequest request, Answer answer, Outcome outcome) {}
    };
}
