package dev.aperture.calls;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The four kinds of failure an admin must tell apart; each has one severity (product.md). */
public enum ErrorType {
    AUTHENTICATION(Severity.ERROR, "Authentication"),
    RATE_LIMIT(Severity.WARNING, "Rate Limit"),
    OUTAGE(Severity.INFO, "Outage"),
    CONFIGURATION(Severity.ERROR, "Configuration");

    private final Severity severity;
    private final String title;

    ErrorType(Severity severity, String title) {
        this.severity = severity;
        this.title = title;
    }

    public Severity severity() {
        return severity;
    }

    /** Words for an alert title: "TMDb " + title() + " Error". */
    public String title() {
        return title;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ErrorType> parse(String wire) {
        return Arrays.stream(values()).filter(t -> t.wire().equalsIgnoreCase(wire)).findFirst();
    }
}
