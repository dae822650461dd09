package dev.aperture.calls;

import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sees every finished call once, sent or not, with all the pipeline knows about it: quota counting,
 * metrics and pacing waits are fed from here and nowhere else.
 */
@FunctionalInterface
public interface CallObserver {

    /** One finished call; {@code at} is when its answer was back (or it was refused). */
    record Finished(CallRequest request, CallContext context, CallResult result, Pacing.Held held, Instant at) {

        public ServiceId service() {
            return request.service();
        }

        public Outcome outcome() {
            return result.outcome();
        }

        /** Whether it went out on the wire (a refused call cost the provider nothing). */
        public boolean sent() {
            return !(result.outcome() instanceof Outcome.NotSent);
        }
    }

    void completed(Finished call);

    CallObserver NONE = call -> {};

    /** Each observer in turn; one that throws does not keep the call's result from the others. */
    static CallObserver all(CallObserver... observers) {
        List<CallObserver> list = List.of(observers);
        Logger log = LoggerFactory.getLogger(CallObserver.class);
        return call -> {
            for (CallObserver o : list) {
                try {
                    o.completed(call);
                } catch (RuntimeException e) {
                    log.error("observer of {} calls failed: {}", call.service().id(), e.toString());
                }
            }
        };
    }
}
