package dev.aperture.calls;

import java.time.Instant;

/** One classified failure on its way to the alert store. */
public record Occurrence(ServiceId service, Outcome.Failure failure, RequestDetails details, String jobRunId,
                         Instant at) {}
