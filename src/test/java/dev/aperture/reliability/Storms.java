package dev.aperture.reliability;

import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Occurrence;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.RequestDetails;
import dev.aperture.calls.ServiceId;
import java.time.Instant;
import java.util.Map;

/** Failures as the pipeline hands them to the alert store. */
final class Storms {

    private Storms() {}

    static Occurrence failure(ServiceId service, ErrorType type, String subject, Instant at) {
        Outcome.Failure f = new Outcome.Failure(type, "7", 401, "Invalid API key: You must be granted a valid key.",
                "Check the key", java.util.Optional.empty(), subject);
        return new Occurrence(service, f, new RequestDetails("GET", "https://api.themoviedb.org/3/authentication",
                Map.of("Accept", "application/json"), 401, "{\"status_code\":7}", 12), null, at);
    }
}
