package dev.aperture.notify;

import dev.aperture.calls.Severity;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which alerts a channel hears about: severities and services (empty = all services), whether it
 * gets resolved messages (default yes), and how often it is reminded of alerts still open
 * (default never).
 */
public record Rules(Set<Severity> severities, Set<String> services, boolean sendResolved, Duration reminderInterval) {

    public Rules {
        severities = Set.copyOf(severities);
        services = Set.copyOf(services);
    }

    static Rules defaults() {
        return new Rules(EnumSet.allOf(Severity.class), Set.of(), true, null);
    }

    boolean admits(Notice n) {
        return severities.contains(n.severity()) && (services.isEmpty() || services.contains(n.service()));
    }

    boolean admits(Event event) {
        return switch (event) {
            case OPENED -> true;
            case RESOLVED -> sendResolved;
            case REMINDER -> reminderInterval != null;
        };
    }
}
