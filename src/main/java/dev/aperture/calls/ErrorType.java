package dev.aperture.calls;

import dev.aperture.store.Wired;
import java.util.Arrays;
import java.util.Optional;

/** The four kinds of failure an admin must tell apart; each has one severity: authentication and configuration
 * are errors (red: someone must act), a rate limit a warning (it passes by itself), an outage info. */
public enum ErrorType implements Wired {
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

    public static Optional<ErrorType> parse(String wire) {
        return Arrays.stream(values()).filter(t -> t.wire().equalsIgnoreCase(wire)).findFirst();
    }
}
