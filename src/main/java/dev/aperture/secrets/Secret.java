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

    /** For display: the last 4 characters of a long secret, nothing of a short one. */
    public String masked() {
        if (value.isEmpty()) {
            return "";
        }
        return value.length() >= 12 ? "••••" + value.substring(value.length() - 4) : "••••";
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
