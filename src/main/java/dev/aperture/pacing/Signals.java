package dev.aperture.pacing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.calls.Answer;
import dev.aperture.calls.JsonBody;
import dev.aperture.calls.RetryAfter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * "Wait until" as providers say it in headers, success or not: {@code Retry-After} on a 429/503,
 * {@code X-RateLimit-Remaining: 0} with {@code X-RateLimit-Reset} (MDBList), Trakt's {@code X-Ratelimit}
 * JSON, OpenAI's {@code x-ratelimit-remaining-requests|tokens: 0} with {@code x-ratelimit-reset-*}.
 */
final class Signals {

    private Signals() {}

    static Optional<Instant> waitUntil(Answer.Reply reply, Instant now) {
        Optional<Instant> at = Optional.empty();
        if (reply.status() == 429 || reply.status() == 503) {
            at = later(at, RetryAfter.parse(reply.header("retry-after").orElse(null), now));
            at = later(at, reply.header("retry-after-ms").flatMap(Signals::millis).map(now::plus));
        }
        if (zero(reply.header("x-ratelimit-remaining"))) {
            at = later(at, RetryAfter.parseReset(reply.header("x-ratelimit-reset").orElse(null), now));
        }
        for (String kind : new String[] {"requests", "tokens"}) {
            if (zero(reply.header("x-ratelimit-remaining-" + kind))) {
                at = later(at, reply.header("x-ratelimit-reset-" + kind).flatMap(RetryAfter::parseGoDuration)
                        .map(now::plus));
            }
        }
        at = later(at, reply.header("x-ratelimit").flatMap(JsonBody::parse).flatMap(json -> traktUntil(json, now)));
        return at;
    }

    private static Optional<Instant> traktUntil(JsonNode json, Instant now) {
        if (!json.path("remaining").isNumber() || json.path("remaining").asLong() > 0) {
            return Optional.empty();
        }
        try {
            Instant until = Instant.parse(json.path("until").asText());
            return until.isAfter(now.plus(RetryAfter.MAX_WAIT)) ? Optional.empty()
                    : Optional.of(until.isBefore(now) ? now : until);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean zero(Optional<String> value) {
        return value.map(String::trim).filter(v -> v.equals("0")).isPresent();
    }

    private static Optional<Duration> millis(String value) {
        try {
            double ms = Double.parseDouble(value.trim());
            return ms >= 0 && ms <= RetryAfter.MAX_WAIT.toMillis()
                    ? Optional.of(Duration.ofMillis((long) Math.ceil(ms))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> later(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return Optional.of(a.get().isAfter(b.get()) ? a.get() : b.get());
    }
}
