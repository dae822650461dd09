package dev.aperture.jobs;

import java.util.Locale;

public enum RunStatus {
    RUNNING, SUCCEEDED, COMPLETED_WITH_ERRORS, FAILED, CANCELLED, INTERRUPTED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
