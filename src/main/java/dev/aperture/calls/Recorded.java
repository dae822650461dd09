package dev.aperture.calls;

import java.util.Objects;

/** Where the alert store put a failure: the alert it counts on and the error record that holds its request. */
public record Recorded(String alertId, String errorId) {
    public Recorded {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(errorId, "errorId");
    }
}
