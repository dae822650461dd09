package dev.aperture.demo;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a simulated service is doing wrong, if anything. */
public enum Fault {
    NONE, AUTH, RATE_LIMIT, OUTAGE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Fault> parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        if (t.equals("ok") || t.equals("heal")) {
            return Optional.of(NONE);
        }
        return Arrays.stream(values()).filter(f -> f.wire().equals(t) || (f == RATE_LIMIT && t.equals("quota")))
                .findFirst();
    }
}
