package dev.aperture.calls;

import java.util.Optional;

/**
 * Where classified failures go (the alert store). Answers where it put the failure, so the caller's log
 * line links to it without reading it back; empty when the store could not say yet (it is down).
 */
@FunctionalInterface
public interface FailureSink {
    Optional<Recorded> record(Occurrence occurrence);
}
