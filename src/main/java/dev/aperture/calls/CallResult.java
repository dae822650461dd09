package dev.aperture.calls;

import java.time.Duration;
import java.util.Optional;

/**
 * A call's classified outcome, with the reply (if any) so a job can read the data it asked for, and where
 * its failure was recorded (if it was) so a log line can link to the alert and the request.
 */
public record CallResult(ServiceId service, Outcome outcome, Optional<Answer.Reply> reply, Duration latency,
                         Optional<Recorded> recorded) {

    public boolean ok() {
        return outcome instanceof Outcome.Success;
    }

    public String body() {
        return reply.map(Answer.Reply::body).orElse("");
    }

    public Optional<String> errorId() {
        return recorded.map(Recorded::errorId);
    }

    public Optional<String> alertId() {
        return recorded.map(Recorded::alertId);
    }
}
