package dev.aperture.calls;

import java.time.Duration;

/** Sees every finished call (metrics, integration status). */
@FunctionalInterface
public interface CallObserver {
    void completed(ServiceId service, CallContext context, Outcome outcome, Duration latency);

    CallObserver NONE = (service, context, outcome, latency) -> {};
}
