package dev.aperture.integrations;

import dev.aperture.calls.CallRequest;
import dev.aperture.calls.CallResult;

/**
 * How a client's request reaches the pipeline: a job passes its run's {@code scope::call} (the run's
 * retries, waits and stops), a flow outside a run passes {@code r -> calls.call(r, context)}.
 */
@FunctionalInterface
public interface Caller {

    CallResult call(CallRequest request);
}
