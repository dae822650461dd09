package dev.aperture.ui;

import dev.aperture.integrations.IntegrationView;
import java.util.Optional;

/** One service on Settings → Integrations: its view, quota if known, and the provider's settings page. */
public record ServiceCard(IntegrationView view, Optional<Quotas.Quota> quota, String providerUrl) {

    public String statusWords() {
        return switch (view.status()) {
            case CONNECTED -> "Connected";
            case WARNING -> "Warning";
            case ERROR -> "Error";
            case TESTING -> "Testing";
            case NOT_CONFIGURED -> view.configured() && !view.enabled() ? "Disabled" : "Not configured";
        };
    }

    /** The first masked secret, for the card's "key" line. */
    public String maskedKey() {
        for (String f : new String[] {"apiKey", "clientSecret"}) {
            Object v = view.settings().get(f);
            if (v instanceof String s && !s.isEmpty()) {
                return s;
            }
        }
        return "";
    }
}
