package dev.aperture.jobs;

import dev.aperture.calls.CallContext;
import dev.aperture.calls.CallRequest;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.Calls;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.Integrations;
import dev.aperture.integrations.IntegrationStore;
import dev.aperture.logs.LocalTimes;
import dev.aperture.pacing.Sleeper;
import dev.aperture.integrations.Settings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A job's view of its run: calls go through here so the error policy of the run holds for every
 * job alike — a rejected key or a wrong URL stops calls to that service for the rest of the run, a
 * rate limit is waited out when its reset is near and otherwise stops calls too, an outage is
 * retried with backoff before the item counts as failed. Every failure is logged with its alert.
 */
public final class RunScope {

    /**
     * How a run treats failures: how near a rate limit's reset must be for the run to wait for it, and how
     * often and how far apart a call to a service that is down is tried again.
     */
    public record Policy(Duration maxRateLimitWait, int outageAttempts, Duration outageBackoff) {
        public static final Policy DEFAULT = new Policy(Duration.ofSeconds(90), 3, Duration.ofSeconds(2));
    }

    private final String runId;
    private final Calls calls;
    private final Integrations integrations;
    private final IntegrationStore settingsStore;
    private final RunStore runs;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Policy policy;
    private final Map<ServiceId, String> stopped = new EnumMap<>(ServiceId.class);
    private final Map<ServiceId, Settings> settings = new EnumMap<>(ServiceId.class);
    private final Set<ServiceId> succeeded = EnumSet.noneOf(ServiceId.class);
    private final Set<ServiceId> failedServices = EnumSet.noneOf(ServiceId.class);
    /** The reset each service's wait was last logged for: items waiting for the same reset say it once. */
    private final Map<ServiceId, Instant> waitLogged = new EnumMap<>(ServiceId.class);

    RunScope(String runId, Calls calls, Integrations integrations, IntegrationStore settingsStore, RunStore runs,
             Clock clock, Sleeper sleeper, Policy policy) {
        this.runId = runId;
        this.calls = calls;
        this.integrations = integrations;
        this.settingsStore = settingsStore;
        this.runs = runs;
        this.clock = clock;
        this.sleeper = sleeper;
        this.policy = policy;
    }

    public String runId() {
        return runId;
    }

    public Clock clock() {
        return clock;
    }

    /** The service's saved settings, read once per run. */
    public Settings settings(ServiceId service) {
        return settings.computeIfAbsent(service, settingsStore::load);
    }

    /** Configured and enabled. */
    public boolean usable(ServiceId service) {
        Settings s = settings(service);
        return s.enabled() && integrations.get(service).isConfigured(s);
    }

    public boolean stopped(ServiceId service) {
        return stopped.containsKey(service);
    }

    public Optional<String> stopReason(ServiceId service) {
        return Optional.ofNullable(stopped.get(service));
    }

    /** Calls a service under the run's error policy. */
    public CallResult call(CallRequest request) {
        ServiceId service = request.service();
        if (stopped(service)) {
            return notSent(service);
        }
        int outageAttempt = 0;
        int rateLimitWaits = 0;
        while (true) {
            CallResult result = calls.call(request, CallContext.job(runId));
            Optional<Trouble> trouble = Trouble.of(service, result.outcome());
            if (trouble.isEmpty()) {
                succeeded.add(service);
                return result;
            }
            if (Thread.currentThread().isInterrupted()) {
                return result;
            }
            Trouble t = trouble.get();
            failedServices.add(service);
            String alertId = result.alertId().orElse(null);
            String title = service.displayName() + " " + t.type().title() + " Error: " + t.message();
            Instant now = clock.instant();
            switch (t.type()) {
                case AUTHENTICATION, CONFIGURATION -> {
                    if (t.ofSubject()) {
                        // One list, one user: the service itself works, only this subject is affected.
                        log(LogLevel.ERROR, title, service, request.subject(), alertId, result);
                        return result;
                    }
                    stop(service, title + " — stopped calling " + service.displayName() + " for the rest of this run",
                            alertId, result);
                    return result;
                }
                case RATE_LIMIT -> {
                    Optional<Instant> reset = t.resetAt();
                    if (reset.isPresent() && rateLimitWaits < 3
                            && !reset.get().isAfter(now.plus(policy.maxRateLimitWait()))) {
                        Duration wait = Duration.between(now, reset.get());
                        if (!reset.get().equals(waitLogged.put(service, reset.get()))) {
                            log(LogLevel.WARN, title + " — waiting " + LocalTimes.duration(wait) + " for the reset at "
                                    + LocalTimes.at(reset.get(), now), service, request.subject(), alertId, result);
                        }
                        rateLimitWaits++;
                        if (!pause(wait.isNegative() ? Duration.ZERO : wait)) {
                            return result;
                        }
                        continue;
                    }
                    stop(service, title + reset.map(r -> " — resets at " + LocalTimes.at(r, now) + ";").orElse(" —")
                            + " stopped calling " + service.displayName() + " for the rest of this run; "
                            + "the remaining items stay pending", alertId, result);
                    return result;
                }
                case OUTAGE -> {
                    outageAttempt++;
                    if (t.cutOff()) {
                        stop(service, title + " — " + service.displayName() + " is cut off while it is down; "
                                + "the remaining items stay pending", alertId, result);
                        return result;
                    }
                    if (outageAttempt < policy.outageAttempts()) {
                        Duration backoff = policy.outageBackoff().multipliedBy(1L << (outageAttempt - 1));
                        // Counts the attempt that just failed: the first failure is attempt 1.
                        log(LogLevel.WARN, title + " — attempt " + outageAttempt + " of " + policy.outageAttempts()
                                + " failed; trying again in " + LocalTimes.duration(backoff), service,
                                request.subject(), alertId, result);
                        if (!pause(backoff)) {
                            return result;
                        }
                        continue;
                    }
                    log(LogLevel.ERROR, title + " — giving up on this item after " + outageAttempt + " attempts", service,
                            request.subject(), alertId, result);
                    return result;
                }
                default -> throw new IllegalStateException();
            }
        }
    }

    /**
     * What the run's policy needs of a call that did not succeed, whether it failed on the service or was
     * never sent; empty for a success or a normal miss.
     */
    private record Trouble(ErrorType type, String message, Optional<Instant> resetAt, boolean ofSubject,
                           boolean cutOff) {
        static Optional<Trouble> of(ServiceId service, Outcome outcome) {
            if (outcome instanceof Outcome.Failure f) {
                return Optional.of(new Trouble(f.type(), f.message(), f.resetAt(), !f.subject().isEmpty(), false));
            }
            if (outcome instanceof Outcome.NotSent n) {
                return Optional.of(new Trouble(n.reason().type(), n.message(service), n.resetAt(), false,
                        n.reason() == Outcome.NotSent.Reason.CIRCUIT_OPEN));
            }
            return Optional.empty();
        }
    }

    /**
     * The item outcome for a call that did not succeed: pending when the run stopped calling the
     * service or the call was never sent (the item was not really tried), failed otherwise.
     */
    public ItemOutcome unsuccessful(CallResult result, String what) {
        ServiceId service = result.service();
        if (result.outcome() instanceof Outcome.NotFound nf) {
            return new ItemOutcome.NotFound(what + ": " + nf.what());
        }
        if (result.outcome() instanceof Outcome.NotSent n) {
            return new ItemOutcome.Pending(service, what + ": " + stopReason(service).orElse(n.message(service)));
        }
        Outcome.Failure f = (Outcome.Failure) result.outcome();
        if (service != null && stopped(service) && f.subject().isEmpty() && f.type() != ErrorType.OUTAGE) {
            return new ItemOutcome.Pending(service, what + ": " + stopReason(service).orElse(f.message()));
        }
        return new ItemOutcome.Failed(service, what + ": " + f.message(), result.recorded().orElse(null));
    }

    /** A line in the run's log. */
    public void log(LogLevel level, String message, ServiceId service, String item) {
        runs.log(runId, new RunStore.Entry(level, message, service == null ? null : service.id(), item, null, null));
    }

    Set<ServiceId> servicesThatOnlySucceeded() {
        Set<ServiceId> out = EnumSet.noneOf(ServiceId.class);
        out.addAll(succeeded);
        out.removeAll(failedServices);
        return out;
    }

    private void stop(ServiceId service, String message, String alertId, CallResult result) {
        stopped.put(service, message);
        log(LogLevel.ERROR, message, service, null, alertId, result);
    }

    private void log(LogLevel level, String message, ServiceId service, String item, String alertId, CallResult result) {
        runs.log(runId, new RunStore.Entry(level, message, service.id(), item == null || item.isEmpty() ? null : item,
                alertId, result.errorId().orElse(null)));
    }

    private static CallResult notSent(ServiceId service) {
        return new CallResult(service, new Outcome.NotSent(Outcome.NotSent.Reason.RUN_STOPPED, Optional.empty()),
                Optional.empty(), Duration.ZERO, Optional.empty());
    }

    private boolean pause(Duration d) {
        sleeper.sleep(d);
        return !Thread.currentThread().isInterrupted();
    }
}
