package dev.aperture.notify;

import dev.aperture.calls.Sanitizer;
import dev.aperture.secrets.Secret;
import java.util.Collection;
import java.util.List;

/**
 * What a channel answered to one message: accepted, or rejected with the receiver's status (null
 * when nothing answered: unknown host, refused, timeout) and the reason in words.
 */
public sealed interface Delivery {

    Integer status();

    String answer();

    record Accepted(Integer status, String answer) implements Delivery {}

    record Rejected(Integer status, String answer) implements Delivery {}

    default boolean accepted() {
        return this instanceof Accepted;
    }

    /** The same answer with every secret of the channel blanked: receivers sometimes quote them back. */
    default Delivery scrubbed(Collection<Secret> secrets) {
        String text = Sanitizer.secretForms(answer() == null ? "" : answer(), List.copyOf(secrets), "[redacted]");
        return this instanceof Accepted ? new Accepted(status(), text) : new Rejected(status(), text);
    }
}
