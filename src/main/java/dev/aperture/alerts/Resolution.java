package dev.aperture.alerts;

import dev.aperture.store.Wired;

/** Why an alert stopped being shown; stored on the alert and shown in its history. */
public enum Resolution implements Wired {
    MANUAL, TEST_CONNECTION, JOB, HEALTH_CHECK, RETENTION;

    /**
     * Whether this kind of success covers problems of one subject (a list, a user): a job run that
     * used them does; a Test Connection or health-check probe, which calls one cheap endpoint, does not.
     */
    public boolean provesSubjects() {
        return this != TEST_CONNECTION && this != HEALTH_CHECK;
    }
}
