package dev.aperture.pacing;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/** The window a provider counts requests in. Fixed windows aligned to UTC, as the providers count them. */
public enum QuotaWindow {
    /** OMDb and MDBList: requests per day, reset at midnight UTC (the product's assumption for OMDb). */
    UTC_DAY(Duration.ofDays(1)),
    /** Trakt: GET requests per 5 minutes. */
    FIVE_MINUTES(Duration.ofMinutes(5)),
    /** OpenAI: requests per minute (the headers say the real window). */
    MINUTE(Duration.ofMinutes(1));

    private final Duration length;

    QuotaWindow(Duration length) {
        this.length = length;
    }

    public Duration length() {
        return length;
    }

    public Instant start(Instant now) {
        if (this == UTC_DAY) {
            return LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        long ms = length.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), ms) * ms);
    }

    public Instant end(Instant now) {
        return start(now).plus(length);
    }

    public String wire() {
        return switch (this) {
            case UTC_DAY -> "day";
            case FIVE_MINUTES -> "5m";
            case MINUTE -> "minute";
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
