package dev.aperture.ui;

import dev.aperture.alerts.Alert;
import dev.aperture.calls.ErrorType;

/** An alert with what its component links to: the service's page here and its settings page at the provider. */
public record AlertCard(Alert alert, String serviceName, String providerUrl) {

    public boolean rateLimit() {
        return alert.type() == ErrorType.RATE_LIMIT;
    }
}
