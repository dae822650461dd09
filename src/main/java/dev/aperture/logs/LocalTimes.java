package dev.aperture.logs;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Instants as an admin reads them in text the server writes (run logs, messages, console): the local time of
 * this host's zone to the second, with the day when it is not today, and the zone's short name; never an ISO
 * instant with nanoseconds. Pages show {@code <time>} elements the browser renders in its own zone instead.
 */
public final class LocalTimes {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss zzz", Locale.ENGLISH);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("EEE d MMM HH:mm zzz", Locale.ENGLISH);
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm zzz", Locale.ENGLISH);

    private LocalTimes() {}

    /** {@code at} in {@code zone}, as seen at {@code now}: "14:03:12 CET", "Thu 3 Dec 01:00 CET", "3 Dec 2027 01:00 CET". */
    public static String at(Instant at, Instant now, ZoneId zone) {
        ZonedDateTime t = at.atZone(zone);
        ZonedDateTime n = now.atZone(zone);
        if (t.toLocalDate().equals(n.toLocalDate())) {
            return TIME.format(t);
        }
        return t.getYear() == n.getYear() ? DAY_TIME.format(t) : FULL.format(t);
    }

    /** In this host's zone, which is the zone its admin lives in (set TZ for a container). */
    public static String at(Instant at, Instant now) {
        return at(at, now, ZoneId.systemDefault());
    }

    /** With its day always, for text that has no "now" to compare with: "Thu 3 Dec 01:00 CET". */
    public static String dated(Instant at, ZoneId zone) {
        return DAY_TIME.format(at.atZone(zone));
    }

    public static String dated(Instant at) {
        return dated(at, ZoneId.systemDefault());
    }

    /**
     * A wait in whole seconds or minutes, rounded up: a wait of 300 ms is "1 s", never "0 s", since something
     * is waited for at all.
     */
    public static String duration(Duration d) {
        long s = Math.max(1, (d.toMillis() + 999) / 1000);
        if (s < 120) {
            return s + " s";
        }
        long m = (s + 59) / 60;
        return m < 120 ? m + " min" : (m / 60) + " h " + (m % 60) + " min";
    }
}
