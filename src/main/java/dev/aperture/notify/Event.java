package dev.aperture.notify;

import java.util.Locale;

/** What a message is about; the wire name is the webhook payload's {@code event}. */
public enum Event {
    OPENED, RESOLVED, REMINDER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Event parse(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
