package dev.aperture.notify;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The channel flavours; the wire name is the {@code type} field of the REST API. */
public enum ChannelType {
    EMAIL, WEBHOOK, DISCORD, SLACK, NTFY, GOTIFY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<ChannelType> parse(String wire) {
        return Arrays.stream(values()).filter(t -> t.wire().equalsIgnoreCase(wire)).findFirst();
    }
}
