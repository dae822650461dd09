package dev.aperture.health;

import dev.aperture.calls.RetryAfter;
import dev.aperture.calls.ServiceId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Health-check knobs from the environment: {@code APERTURE_HEALTH_TICK_SECONDS} (how often due services are
 * looked for; 0 turns background checks off), {@code APERTURE_HEALTH_INTERVAL_<SERVICE>} (e.g. {@code 30m},
 * {@code 6h}) and {@code APERTURE_HEALTH_OUTAGE_BACKOFF} (intervals while an outage lasts, by failed probes
 * in a row; the last one repeats).
 */
public record HealthSettings(Duration tickEvery, Map<ServiceId, Duration> intervals, List<Duration> outageBackoff) {

    static final String DEFAULT_BACKOFF = "1m,1m,1m,1m,1m,5m,5m,5m,15m,15m,30m";

    public static HealthSettings fromEnvironment(Map<String, String> env) {
        String tick = env.getOrDefault("APERTURE_HEALTH_TICK_SECONDS", "15").trim();
        Duration tickEvery;
        try {
            tickEvery = Duration.ofSeconds(Long.parseLong(tick));
            if (tickEvery.isNegative()) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("APERTURE_HEALTH_TICK_SECONDS must be a number of seconds, not '"
                    + tick + "'");
        }
        Map<ServiceId, Duration> intervals = new EnumMap<>(ServiceId.class);
        for (ServiceId id : ServiceId.values()) {
            String name = "APERTURE_HEALTH_INTERVAL_" + id.id().toUpperCase(Locale.ROOT);
            Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank())
                    .ifPresent(v -> intervals.put(id, duration(name, v)));
        }
        String backoffText = env.getOrDefault("APERTURE_HEALTH_OUTAGE_BACKOFF", DEFAULT_BACKOFF);
        List<Duration> backoff = new ArrayList<>();
        for (String part : backoffText.split(",")) {
            backoff.add(duration("APERTURE_HEALTH_OUTAGE_BACKOFF", part));
        }
        return new HealthSettings(tickEvery, intervals, List.copyOf(backoff));
    }

    /** Whether checks run in the background at all (tests that drive {@link HealthChecks#tick} turn them off). */
    public boolean background() {
        return !tickEvery.isZero();
    }

    Duration interval(ServiceId service, Duration declared) {
        return intervals.getOrDefault(service, declared);
    }

    /** The probe interval during an outage after {@code failures} failed probes in a row. */
    Duration outageInterval(int failures) {
        return outageBackoff.get(Math.min(Math.max(0, failures - 1), outageBackoff.size() - 1));
    }

    private static Duration duration(String name, String text) {
        return RetryAfter.parseGoDuration(text.trim()).filter(d -> !d.isZero())
                .orElseThrow(() -> new IllegalArgumentException(name + " must be durations like 90s, 15m or 6h, not '"
                        + text.trim() + "'"));
    }
}
