package dev.aperture.pacing;

import dev.aperture.calls.Answer;
import dev.aperture.calls.CallRequest;
import dev.aperture.calls.RetryAfter;
import java.time.Instant;
import java.util.Optional;

/** Reads a provider's own account of its quota from an answer (headers, or the body of an account call). */
@FunctionalInterface
public interface UsageReader {

    Optional<Usage> read(CallRequest request, Answer.Reply reply, Instant now);

    UsageReader NONE = (request, reply, now) -> Optional.empty();

    /** {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining}, {@code X-RateLimit-Reset} (MDBList and many others). */
    UsageReader STANDARD_HEADERS = (request, reply, now) -> {
        Optional<Long> limit = number(reply.header("x-ratelimit-limit"));
        Optional<Long> remaining = number(reply.header("x-ratelimit-remaining"));
        Optional<Instant> reset = RetryAfter.parseReset(reply.header("x-ratelimit-reset").orElse(null), now);
        if (limit.isEmpty() || remaining.isEmpty() || reset.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Usage(Math.max(0, limit.get() - remaining.get()), limit.get(), reset.get()));
    };

    static Optional<Long> number(Optional<String> value) {
        try {
            return value.map(String::trim).map(v -> (long) Double.parseDouble(v));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
