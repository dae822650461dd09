package dev.aperture.integrations;

import dev.aperture.calls.CallObserver;
import dev.aperture.calls.Purpose;
import dev.aperture.calls.ServiceId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A job's successful call proves the saved settings work as well as a passing probe does, so "Last success"
 * shows it too. Test Connection and health checks write their own (with the check's time, {@link ConnectionTest});
 * a job's thousands of calls write at most once a minute per service, which is as exact as the page shows it.
 */
public final class LastSuccess implements CallObserver {

    private static final Duration EVERY = Duration.ofMinutes(1);

    private final IntegrationStore store;
    /** When this process last wrote each service's success; a restart writes again at its first success. */
    private final Map<ServiceId, Instant> written = new ConcurrentHashMap<>();

    public LastSuccess(IntegrationStore store) {
        this.store = store;
    }

    @Override
    public void completed(Finished call) {
        if (!call.result().ok() || !call.context().record() || call.context().purpose() != Purpose.JOB) {
            return;
        }
        Instant at = call.at();
        boolean[] due = {false};
        written.compute(call.service(), (service, last) -> {
            due[0] = last == null || !at.isBefore(last.plus(EVERY));
            return due[0] ? at : last;
        });
        if (due[0]) {
            store.markSucceeded(call.service(), at);
        }
    }
}
