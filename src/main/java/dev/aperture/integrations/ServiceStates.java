package dev.aperture.integrations;

import dev.aperture.alerts.Alert;
import dev.aperture.calls.Severity;
import java.util.List;

/**
 * The one place a service's status is derived: whether it is on, whether a probe is running, its alerts and
 * its quota. A dismissed alert is acknowledged: it leaves the status as it leaves every total and count, so a
 * red chip never stands beside "No open alerts"; a view may ask to include dismissed ones.
 */
public final class ServiceStates {

    private ServiceStates() {}

    /** {@code alerts}: the service's unresolved alerts (any subject), dismissed ones among them or not. */
    public static IntegrationStatus of(boolean active, boolean testing, List<Alert> alerts, boolean includeDismissed,
                                       boolean quotaNearlyUsed) {
        if (!active) {
            return IntegrationStatus.NOT_CONFIGURED;
        }
        if (testing) {
            return IntegrationStatus.TESTING;
        }
        List<Alert> counted = alerts.stream().filter(a -> a.resolvedAt() == null)
                .filter(a -> includeDismissed || a.dismissedAt() == null).toList();
        if (counted.stream().anyMatch(a -> a.severity() == Severity.ERROR)) {
            return IntegrationStatus.ERROR;
        }
        // Rate limited, degraded (an outage), or a quota past its warning share: working, but not for long.
        return counted.isEmpty() && !quotaNearlyUsed ? IntegrationStatus.CONNECTED : IntegrationStatus.WARNING;
    }
}
