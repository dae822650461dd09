package dev.aperture.secrets;

import java.util.Objects;

/**
 * A credential. Its {@code toString} never shows the value, so a secret that slips into a log line,
 * an exception message or a JSON body by accident still stays hidden; code that must send it calls
 * {@link #reveal()} at the one place it goes on the wire.
 */
public final class Secret {

    private static final Secret EMPTY = new Secret("");

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return value == null || value.isEmpty() ? EMPTY : new Secret(value);
    }

    public static Secret empty() {
        return EMPTY;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    public String reveal() {
        return value;
    }

    /**
     * For display: the last 4 characters of a long secret, the last 2 of a mid-length one (OMDb's keys are 8
     * characters: a bare "••••" read as if no key were set), nothing of a shorter one.
     */
    public String masked() {
        if (value.isEmpty()) {
            return "";
        }
        int shown = value.length() >= 12 ? 4 : value.length() >= 8 ? 2 : 0;
        return "••••" + value.substring(value.length() - shown);
    }

    @Override
    public String toString() {
        return isEmpty() ? "Secret[empty]" : "Secret[redacted]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }
}
