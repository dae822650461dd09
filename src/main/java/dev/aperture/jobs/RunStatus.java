package dev.aperture.jobs;

import dev.aperture.store.Wired;

public enum RunStatus implements Wired {
    RUNNING, SUCCEEDED, COMPLETED_WITH_ERRORS, FAILED, CANCELLED, INTERRUPTED
}
