package dev.aperture.calls;

import java.time.Duration;

/**
 * The pacing and circuit-breaking stage in front of the wire, one stage per call: {@link #admit} may wait,
 * then answers either a {@link Permit}, which is handed the call's answer once it is back (so rate-limit
 * headers and outages adjust what comes next), or a refusal when the call must not be sent at all (circuit
 * open, a reset too far away). Everything the stage knows about one call lives in its permit.
 */
public interface Pacing {

    Admission admit(CallRequest request, CallContext context);

    /** How long a caller waited before its call was sent or refused, by cause. */
    record Held(Duration forReset, Duration forPace) {
        public static final Held NONE = new Held(Duration.ZERO, Duration.ZERO);
    }

    /** What {@link #admit} answered. */
    sealed interface Admission permits Permit, Refused {
        Held held();
    }

    /** The call may go out; {@link #done} must be called once with what came back and what it was classified as. */
    non-sealed interface Permit extends Admission {
        void done(Answer answer, Outcome outcome);
    }

    record Refused(Outcome.NotSent why, Held held) implements Admission {}

    /** A permit that learns nothing from the answer. */
    static Permit granted(Held held) {
        return new Permit() {
            @Override
            public Held held() {
                return held;
            }

            @Override
            public void done(Answer answer, Outcome outcome) {}
        };
    }

    Pacing NONE = (request, context) -> granted(Held.NONE);
}
