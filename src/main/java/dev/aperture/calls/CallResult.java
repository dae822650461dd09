package dev.aperture.calls;

import java.time.Duration;
import java.util.Optional;

/** A call's classified outcome, with the reply (if any) so a job can read the data it asked for. */
public record CallResult(ServiceId service, Outcome outcome, Optional<Answer.Reply> reply, Duration latency, Optional<String> errorId) {

    public boolean ok() {
        return outcome instanceof Outcome.Success;
    }

    public String body() {
        return reply.map(Answer.Reply::body).orElse("");
    }
}
