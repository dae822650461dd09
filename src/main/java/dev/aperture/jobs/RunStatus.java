package dev.aperture.jobs;

import dev.aperture.store.Wired;

public enum RunStatus implements Wired {
    RUNNING, SUCCEEDED, COMPLETED_WITH_ERRORS, FAILED, CANCELLED, INTERRUPTED;

    /** As a sentence says it: "completed with errors", not the wire name. */
    public String words() {
        return wire().replace('_', ' ');
    }
}
