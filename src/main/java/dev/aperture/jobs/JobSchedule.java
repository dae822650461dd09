package dev.aperture.jobs;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a job runs: {@code every 6h} (also s, m, d), {@code daily 03:00} or {@code weekly sun 03:00},
 * times in UTC. Parsed from and printed as that text, which is also what the API takes.
 */
public sealed interface JobSchedule {

    Pattern EVERY = Pattern.compile("every\\s+(\\d{1,6})\\s*([smhd])");
    Pattern DAILY = Pattern.compile("daily\\s+(\\d{1,2}):(\\d{2})");
    Pattern WEEKLY = Pattern.compile("weekly\\s+(mon|tue|wed|thu|fri|sat|sun)[a-z]*\\s+(\\d{1,2}):(\\d{2})");

    Instant next(Instant after);

    String text();

    record Every(Duration period) implements JobSchedule {
        @Override
        public Instant next(Instant after) {
            return after.plus(period);
        }

        @Override
        public String text() {
            long s = period.toSeconds();
            if (s % 86_400 == 0) {
                return "every " + s / 86_400 + "d";
            }
            if (s % 3600 == 0) {
                return "every " + s / 3600 + "h";
            }
            return s % 60 == 0 ? "every " + s / 60 + "m" : "every " + s + "s";
        }
    }

    record Daily(LocalTime at) implements JobSchedule {
        @Override
        public Instant next(Instant after) {
            ZonedDateTime t = after.atZone(ZoneOffset.UTC).with(at).withSecond(0).withNano(0);
            return (t.toInstant().isAfter(after) ? t : t.plusDays(1)).toInstant();
        }

        @Override
        public String text() {
            return "daily " + at;
        }
    }

    record Weekly(DayOfWeek day, LocalTime at) implements JobSchedule {
        @Override
        public Instant next(Instant after) {
            ZonedDateTime t = after.atZone(ZoneOffset.UTC).with(at).withSecond(0).withNano(0);
            while (t.getDayOfWeek() != day || !t.toInstant().isAfter(after)) {
                t = t.plusDays(1);
            }
            return t.toInstant();
        }

        @Override
        public String text() {
            return "weekly " + day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT) + " " + at;
        }
    }

    static Optional<JobSchedule> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = EVERY.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return n == 0 || d.compareTo(Duration.ofDays(366)) > 0 ? Optional.empty() : Optional.of(new Every(d));
        }
        m = DAILY.matcher(t);
        if (m.matches()) {
            return time(m.group(1), m.group(2)).map(Daily::new);
        }
        m = WEEKLY.matcher(t);
        if (m.matches()) {
            DayOfWeek day = switch (m.group(1)) {
                case "mon" -> DayOfWeek.MONDAY;
                case "tue" -> DayOfWeek.TUESDAY;
                case "wed" -> DayOfWeek.WEDNESDAY;
                case "thu" -> DayOfWeek.THURSDAY;
                case "fri" -> DayOfWeek.FRIDAY;
                case "sat" -> DayOfWeek.SATURDAY;
                default -> DayOfWeek.SUNDAY;
            };
            return time(m.group(2), m.group(3)).map(at -> new Weekly(day, at));
        }
        return Optional.empty();
    }

    private static Optional<LocalTime> time(String h, String m) {
        int hour = Integer.parseInt(h);
        int minute = Integer.parseInt(m);
        return hour > 23 || minute > 59 ? Optional.empty() : Optional.of(LocalTime.of(hour, minute));
    }
}
