package dev.aperture.integrations;

import dev.aperture.alerts.AlertStore;
import dev.aperture.alerts.Resolution;
import dev.aperture.calls.CallContext;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.Calls;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.ServiceId;
import dev.aperture.calls.Severity;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test Connection and the background health check: the service's probe through the pipeline. On saved
 * settings a failure is recorded like any call and a success resolves the service's alerts; on unsaved
 * settings it only reports, because it proves nothing about what is saved.
 */
public final class ConnectionTest {

    public record Error(ErrorType type, Severity severity, String code, Integer httpStatus, String message,
                        String action, Instant resetAt) {
        static Error of(Outcome.Failure f) {
            return new Error(f.type(), f.type().severity(), f.code(), f.httpStatus(), f.message(),
                    f.action(), f.resetAt().orElse(null));
        }

        static Error of(ServiceId service, Outcome.NotSent n) {
            ErrorType type = n.reason().type();
            return new Error(type, type.severity(), n.reason().wire(), null, n.message(service),
                    n.action(service), n.resetAt().orElse(null));
        }
    }

    /**
     * {@code sent} is false when pacing held the probe back: it reached nothing and checked nothing.
     * {@code server} is what a passing probe's answer said the server is (product, version), when it says.
     */
    public record Result(boolean ok, long latencyMs, Error error, boolean sent, ServerIdentity server) {
        public Result(boolean ok, long latencyMs, Error error) {
            this(ok, latencyMs, error, true, null);
        }

        Result(boolean ok, long latencyMs, Error error, boolean sent) {
            this(ok, latencyMs, error, sent, null);
        }
    }

    private final Integrations integrations;
    private final IntegrationStore store;
    private final Calls calls;
    private final AlertStore alerts;
    /** Probes running now per service: the integration shows "testing", and health checks never overlap one. */
    private final Map<ServiceId, Integer> running = new ConcurrentHashMap<>();
    /** What the last passing probe of the saved settings said the server is; replaced by each pass. */
    private final Map<ServiceId, ServerIdentity> identities = new ConcurrentHashMap<>();

    public ConnectionTest(Integrations integrations, IntegrationStore store, Calls calls, AlertStore alerts) {
        this.integrations = integrations;
        this.store = store;
        this.calls = calls;
        this.alerts = alerts;
    }

    /** Probes the saved settings, or {@code unsaved} ones without recording or resolving anything. */
    public Result run(ServiceId service, Optional<Settings> unsaved) {
        return run(service, unsaved, false);
    }

    /**
     * As {@link #run(ServiceId, Optional)}; {@code anyway} sends the probe of the saved settings even while a
     * provider's reset is pending (the admin's "Test anyway", which spends one request).
     */
    public Result run(ServiceId service, Optional<Settings> unsaved, boolean anyway) {
        enter(service, false);
        try {
            CallContext context = anyway && unsaved.isEmpty() ? CallContext.testAnyway() : CallContext.test(unsaved.isEmpty());
            return check(service, unsaved, context, Resolution.TEST_CONNECTION, false);
        } finally {
            leave(service);
        }
    }

    /**
     * A background health check of the saved settings: a pass resolves the service's alerts, except a rate
     * limit whose reset is still ahead. Empty when a probe of the service is already running.
     */
    public Optional<Result> probe(ServiceId service) {
        if (!enter(service, true)) {
            return Optional.empty();
        }
        try {
            return Optional.of(check(service, Optional.empty(), CallContext.probe(), Resolution.HEALTH_CHECK, true));
        } finally {
            leave(service);
        }
    }

    /** Whether a Test Connection or health check of the service is running now. */
    public boolean running(ServiceId service) {
        return running.containsKey(service);
    }

    /** The product and version the last passing probe of the saved settings reported, if the service says. */
    public Optional<ServerIdentity> identity(ServiceId service) {
        return Optional.ofNullable(identities.get(service));
    }

    private boolean enter(ServiceId service, boolean exclusive) {
        boolean[] entered = {false};
        running.compute(service, (k, n) -> {
            if (exclusive && n != null) {
                return n;
            }
            entered[0] = true;
            return n == null ? 1 : n + 1;
        });
        return entered[0];
    }

    private void leave(ServiceId service) {
        running.computeIfPresent(service, (k, n) -> n == 1 ? null : n - 1);
    }

    private Result check(ServiceId service, Optional<Settings> unsaved, CallContext context, Resolution why,
                         boolean respectReset) {
        Integration integration = integrations.get(service);
        Settings settings = unsaved.orElseGet(() -> store.load(service));
        boolean saved = unsaved.isEmpty();
        if (!integration.isConfigured(settings)) {
            String missing = integration.required().stream().filter(f -> !settings.has(f)).map(Field::wire)
                    .reduce((a, b) -> a + ", " + b).orElse("");
            return new Result(false, 0, new Error(ErrorType.CONFIGURATION,
                    ErrorType.CONFIGURATION.severity(), "not_configured", null,
                    service.displayName() + " is not configured: " + missing + " missing.",
                    "Enter the " + missing + " in Settings → Integrations → " + service.displayName() + " and save.",
                    null));
        }
        CallResult result;
        try {
            result = calls.call(integration.probe(settings), context);
        } catch (IllegalArgumentException badUrl) {
            return new Result(false, 0, new Error(ErrorType.CONFIGURATION,
                    ErrorType.CONFIGURATION.severity(), "invalid_base_url", null,
                    "The " + service.displayName() + " base URL is not a valid URL.",
                    "Fix the base URL in Settings → Integrations → " + service.displayName() + ".", null));
        }
        long latency = result.latency().toMillis();
        if (result.outcome() instanceof Outcome.NotSent n) {
            // A call pacing held back never reached the service: it checked nothing.
            return new Result(false, latency, Error.of(service, n), false);
        }
        if (saved) {
            store.markChecked(service, result.ok());
        }
        if (result.outcome() instanceof Outcome.Failure f) {
            return new Result(false, latency, Error.of(f));
        }
        if (result.outcome() instanceof Outcome.NotFound nf) {
            return new Result(false, latency, new Error(ErrorType.CONFIGURATION,
                    ErrorType.CONFIGURATION.severity(), "not_found", null,
                    service.displayName() + " answered 'not found' to its test request: " + nf.what(),
                    "Check the " + service.displayName() + " base URL.", null));
        }
        Optional<ServerIdentity> identity = result.reply().flatMap(integration::identify);
        if (saved) {
            identity.ifPresentOrElse(i -> identities.put(service, i), () -> identities.remove(service));
            alerts.resolve(service, why, respectReset);
        }
        return new Result(true, latency, null, true, identity.orElse(null));
    }
}
