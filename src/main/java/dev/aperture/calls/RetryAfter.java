package dev.aperture.calls;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reset times from the headers providers send, bounded so an absurd value cannot park a service for years. */
public final class RetryAfter {

    /** A server asking for more than a day is either wrong or describing a quota we track elsewhere. */
    public static final Duration MAX_WAIT = Duration.ofDays(2);

    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    private RetryAfter() {}

    /** {@code Retry-After} as delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
    public static Optional<Instant> parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        try {
            if (v.matches("\\d{1,12}(\\.\\d+)?")) {
                double seconds = Double.parseDouble(v);
                return bounded(now, now.plusMillis((long) (seconds * 1000)));
            }
            ZonedDateTime date = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            return bounded(now, date.toInstant());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code X-RateLimit-Reset}: Unix seconds (MDBList) or, when small, seconds from now. */
    public static Optional<Instant> parseReset(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            double n = Double.parseDouble(value.trim());
            if (n > 1_000_000_000d) {
                Instant at = n > 100_000_000_000d ? Instant.ofEpochMilli((long) n) : Instant.ofEpochSecond((long) n);
                return bounded(now, at);
            }
            return bounded(now, now.plusMillis((long) (n * 1000)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** OpenAI's {@code x-ratelimit-reset-*} durations such as {@code 12ms}, {@code 6m0s}, {@code 18.642s}, {@code 1h2m3s}. */
    public static Optional<Duration> parseGoDuration(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        Matcher m = GO_DURATION.matcher(v);
        double millis = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return Optional.empty();
            }
            double n = Double.parseDouble(m.group(1));
            millis += switch (m.group(2)) {
                case "ms" -> n;
                case "s" -> n * 1000;
                case "m" -> n * 60_000;
                default -> n * 3_600_000;
            };
            end = m.end();
        }
        if (end == 0 || end != v.length() || millis > MAX_WAIT.toMillis()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) Math.ceil(millis)));
    }

    /** The product's assumption for daily quotas (OMDb, MDBList): they reset at the next midnight UTC. */
    public static Instant nextMidnightUtc(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Optional<Instant> bounded(Instant now, Instant at) {
        if (at.isBefore(now)) {
            return Optional.of(now);
        }
        if (at.isAfter(now.plus(MAX_WAIT))) {
            return Optional.empty();
        }
        return Optional.of(at);
    }
}
