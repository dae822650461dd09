package dev.aperture.calls;

/** Why a call is made; probes may pass an open circuit, job calls may not. */
public enum Purpose {
    TEST, PROBE, JOB,
    /**
     * A poll whose "not yet" answers are its normal ones (Trakt's device flow answers 400 until the user has
     * entered the code): not recorded, and its caller logs the poll's state in words instead of "call failed".
     */
    POLL
}
