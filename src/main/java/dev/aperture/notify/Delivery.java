package dev.aperture.notify;

import dev.aperture.calls.Sanitizer;
import dev.aperture.secrets.Secret;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * What a channel answered to one message: accepted, or rejected with the receiver's status (null
 * when nothing answered: unknown host, refused, timeout) and the reason in words. Two rejections
 * carry more: the receiver's rate limit with the time it said to come back, and a refused token,
 * which no retry with the same settings can fix.
 */
public sealed interface Delivery {

    Integer status();

    String answer();

    record Accepted(Integer status, String answer) implements Delivery {}

    record Rejected(Integer status, String answer) implements Delivery {}

    /** Rate limited; {@code retryAt} null when the receiver named no time (the usual backoff applies). */
    record Throttled(Integer status, String answer, Instant retryAt) implements Delivery {}

    /** The token or key was refused: the channel shows as failing at once. */
    record Refused(Integer status, String answer) implements Delivery {}

    default boolean accepted() {
        return this instanceof Accepted;
    }

    /** The same answer with every secret of the channel blanked: receivers sometimes quote them back. */
    default Delivery scrubbed(Collection<Secret> secrets) {
        String text = Sanitizer.secretForms(answer() == null ? "" : answer(), List.copyOf(secrets), "[redacted]");
        if (this instanceof Throttled t) {
            return new Throttled(t.status(), text, t.retryAt());
        }
        if (this instanceof Refused) {
            return new Refused(status(), text);
        }
        return accepted() ? new Accepted(status(), text) : new Rejected(status(), text);
    }
}
