package dev.aperture.calls;

import java.util.Optional;

/** Where classified failures go (the alert store); answers the id of the error record when it has one. */
@FunctionalInterface
public interface FailureSink {
    Optional<String> record(Occurrence occurrence);
}
