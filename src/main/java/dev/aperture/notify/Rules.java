package dev.aperture.notify;

import dev.aperture.calls.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which alerts a channel hears about: severities and services (empty = all services), whether it
 * gets resolved messages (default yes), how often it is reminded of alerts still open (default
 * never), its quiet hours and its daily digest (both default off).
 */
public record Rules(Set<Severity> severities, Set<String> services, boolean sendResolved, Duration reminderInterval,
                    Quiet quiet, Digest digest) {

    /**
     * A nightly window, in a zone, in which only alerts at {@code minimum} or above go out; the others
     * wait for the window's end. {@code start} after {@code end} spans midnight (23:00–07:00).
     */
    public record Quiet(LocalTime start, LocalTime end, ZoneId zone, Severity minimum) {

        boolean inside(Instant at) {
            LocalTime t = at.atZone(zone).toLocalTime();
            return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
        }

        /** Whether an alert of this severity waits at this moment. */
        boolean holds(Severity severity, Instant at) {
            // Severity's constants run from the highest (ERROR) to the lowest (INFO).
            return severity.compareTo(minimum) > 0 && inside(at);
        }
    }

    /** A summary of the last 24 hours, sent once a day at {@code at} local time. */
    public record Digest(LocalTime at, ZoneId zone) {

        /** The local day whose digest is due at {@code now}: today once its time has come, else yesterday. */
        LocalDate dueDay(Instant now) {
            ZonedDateTime local = now.atZone(zone);
            return local.toLocalTime().isBefore(at) ? local.toLocalDate().minusDays(1) : local.toLocalDate();
        }

        Instant sendTime(LocalDate day) {
            return LocalDateTime.of(day, at).atZone(zone).toInstant();
        }
    }

    public Rules {
        severities = Set.copyOf(severities);
        services = Set.copyOf(services);
    }

    Rules(Set<Severity> severities, Set<String> services, boolean sendResolved, Duration reminderInterval) {
        this(severities, services, sendResolved, reminderInterval, null, null);
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
            case DIGEST -> digest != null;
        };
    }

    /** Whether a notice of this severity waits for the end of quiet hours at this moment. */
    boolean holds(Severity severity, Instant at) {
        return quiet != null && quiet.holds(severity, at);
    }
}
