package dev.aperture.alerts;

import java.util.Locale;

/** Why an alert stopped being shown (product.md, "Alert lifecycle"). */
public enum Resolution {
    MANUAL, TEST_CONNECTION, JOB, HEALTH_CHECK, RETENTION;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
