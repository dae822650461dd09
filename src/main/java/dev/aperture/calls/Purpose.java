package dev.aperture.calls;

/** Why a call is made; probes may pass an open circuit, job calls may not. */
public enum Purpose {
    TEST, PROBE, JOB
}
