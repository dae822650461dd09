package dev.aperture.calls;

import java.util.Locale;

public enum Severity {
    ERROR, WARNING, INFO;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
