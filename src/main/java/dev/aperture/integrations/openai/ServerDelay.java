package dev.aperture.integrations.openai;

import dev.aperture.calls.Answer;
import dev.aperture.calls.RetryAfter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When OpenAI says a paced-out request may be retried. Read like OpenAI's official client does:
 * {@code retry-after-ms}, then {@code retry-after} (seconds or an HTTP date); and, when neither is
 * sent, the {@code x-ratelimit-reset-*} durations ("12ms", "6m0s", "18.642s").
 */
final class ServerDelay {

    /**
     * The official client only trusts a server delay between 0 and 60 s and backs off on its own
     * otherwise; 120 s leaves room for the token window without parking a job on a bogus header.
     */
    static final Duration MAX_TRUSTED = Duration.ofSeconds(120);

    private ServerDelay() {}

    static Optional<Instant> resetAt(Answer.Reply reply, Instant now) {
        Optional<String> ms = reply.header("retry-after-ms");
        Optional<String> seconds = reply.header("retry-after");
        Optional<Duration> delay;
        if (ms.isPresent()) {
            delay = millis(ms.get());
        } else if (seconds.isPresent()) {
            delay = RetryAfter.parse(seconds.get(), now).map(at -> Duration.between(now, at));
        } else {
            delay = fromRateLimitHeaders(reply);
        }
        return delay.filter(d -> !d.isNegative() && d.compareTo(MAX_TRUSTED) <= 0).map(now::plus);
    }

    /**
     * The requests window, unless a limit is used up ({@code remaining} 0): then the later reset of the
     * two, because a request needs both a request slot and enough tokens.
     */
    private static Optional<Duration> fromRateLimitHeaders(Answer.Reply reply) {
        Optional<Duration> requests = reply.header("x-ratelimit-reset-requests").flatMap(RetryAfter::parseGoDuration);
        Optional<Duration> tokens = reply.header("x-ratelimit-reset-tokens").flatMap(RetryAfter::parseGoDuration);
        boolean exhausted = isZero(reply.header("x-ratelimit-remaining-requests"))
                || isZero(reply.header("x-ratelimit-remaining-tokens"));
        if (exhausted && requests.isPresent() && tokens.isPresent()) {
            return Optional.of(requests.get().compareTo(tokens.get()) >= 0 ? requests.get() : tokens.get());
        }
        return requests.or(() -> tokens);
    }

    private static boolean isZero(Optional<String> value) {
        return value.map(String::trim).filter("0"::equals).isPresent();
    }

    private static Optional<Duration> millis(String value) {
        try {
            double ms = Double.parseDouble(value.trim());
            return Double.isFinite(ms) ? Optional.of(Duration.ofMillis((long) Math.ceil(ms))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
