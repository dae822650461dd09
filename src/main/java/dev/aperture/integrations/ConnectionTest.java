package dev.aperture.integrations;

import dev.aperture.alerts.AlertBook;
import dev.aperture.alerts.Resolution;
import dev.aperture.calls.CallContext;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.Calls;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.ServiceId;
import java.time.Instant;
import java.util.Optional;

/**
 * Test Connection: the service's probe through the pipeline. On saved settings a failure is
 * recorded like any call and a success resolves the service's alerts; on unsaved settings it only
 * reports, because it proves nothing about what is saved.
 */
public final class ConnectionTest {

    public record Error(String type, String severity, String code, Integer httpStatus, String message, String action,
                        Instant resetAt) {
        static Error of(Outcome.Failure f) {
            return new Error(f.type().wire(), f.type().severity().wire(), f.code(), f.httpStatus(), f.message(),
                    f.action(), f.resetAt().orElse(null));
        }
    }

    public record Result(boolean ok, long latencyMs, Error error) {}

    private final Integrations integrations;
    private final IntegrationStore store;
    private final Calls calls;
    private final AlertBook alerts;

    public ConnectionTest(Integrations integrations, IntegrationStore store, Calls calls, AlertBook alerts) {
        this.integrations = integrations;
        this.store = store;
        this.calls = calls;
        this.alerts = alerts;
    }

    /** Probes the saved settings, or {@code unsaved} ones without recording or resolving anything. */
    public Result run(ServiceId service, Optional<Settings> unsaved) {
        Integration integration = integrations.get(service);
        Settings settings = unsaved.orElseGet(() -> store.load(service));
        boolean saved = unsaved.isEmpty();
        if (!integration.isConfigured(settings)) {
            String missing = integration.required().stream().filter(f -> !settings.has(f)).map(Field::wire)
                    .reduce((a, b) -> a + ", " + b).orElse("");
            return new Result(false, 0, new Error(ErrorType.CONFIGURATION.wire(),
                    ErrorType.CONFIGURATION.severity().wire(), "not_configured", null,
                    service.displayName() + " is not configured: " + missing + " missing.",
                    "Enter the " + missing + " in Settings → Integrations → " + service.displayName() + " and save.",
                    null));
        }
        CallResult result;
        try {
            result = calls.call(integration.probe(settings), CallContext.test(saved));
        } catch (IllegalArgumentException badUrl) {
            return new Result(false, 0, new Error(ErrorType.CONFIGURATION.wire(),
                    ErrorType.CONFIGURATION.severity().wire(), "invalid_base_url", null,
                    "The " + service.displayName() + " base URL is not a valid URL.",
                    "Fix the base URL in Settings → Integrations → " + service.displayName() + ".", null));
        }
        long latency = result.latency().toMillis();
        if (saved) {
            store.markChecked(service, result.ok());
        }
        if (result.outcome() instanceof Outcome.Failure f) {
            return new Result(false, latency, Error.of(f));
        }
        if (result.outcome() instanceof Outcome.NotFound nf) {
            return new Result(false, latency, new Error(ErrorType.CONFIGURATION.wire(),
                    ErrorType.CONFIGURATION.severity().wire(), "not_found", null,
                    service.displayName() + " answered 'not found' to its test request: " + nf.what(),
                    "Check the " + service.displayName() + " base URL.", null));
        }
        if (saved) {
            alerts.resolve(service, Resolution.TEST_CONNECTION, false);
        }
        return new Result(true, latency, null);
    }
}
