package dev.aperture.pacing;

import dev.aperture.calls.Answer;
import dev.aperture.calls.CallRequest;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.ServiceId;
import java.time.Duration;
import java.time.Instant;

/** What pacing reports as it works: to quota counting (every call sent) and to metrics (waits, refusals). */
public interface PacingEvents {

    /** A call went out and came back (or failed on the wire). */
    default void sent(CallRequest request, Answer answer, Outcome outcome, Instant at) {}

    /** A caller waited before sending: {@code reason} is {@code pace} (the rate) or {@code reset} (a provider's reset). */
    default void waited(ServiceId service, String reason, Duration waited) {}

    /** A call was not sent: {@code reason} is {@code circuit_open} or {@code rate_limited}. */
    default void refused(ServiceId service, String reason) {}

    PacingEvents NONE = new PacingEvents() {};

    static PacingEvents both(PacingEvents a, PacingEvents b) {
        return new PacingEvents() {
            @Override
            public void sent(CallRequest request, Answer answer, Outcome outcome, Instant at) {
                a.sent(request, answer, outcome, at);
                b.sent(request, answer, outcome, at);
            }

            @Override
            public void waited(ServiceId service, String reason, Duration waited) {
                a.waited(service, reason, waited);
                b.waited(service, reason, waited);
            }

            @Override
            public void refused(ServiceId service, String reason) {
                a.refused(service, reason);
                b.refused(service, reason);
            }
        };
    }
}
