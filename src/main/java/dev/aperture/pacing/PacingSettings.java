package dev.aperture.pacing;

import dev.aperture.calls.RetryAfter;
import dev.aperture.calls.ServiceId;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The knobs of pacing and quotas, from {@code APERTURE_*} variables; per service they override what its
 * integration package declares (e.g. {@code APERTURE_QUOTA_OMDB=100000} for a patron key).
 *
 * @param headroom   share of a documented rate actually used, so network jitter cannot squeeze a paced
 *                   sequence over the provider's count
 * @param maxWait    how long a job or probe call waits for a provider's reset before it is refused
 * @param testMaxWait the same for Test Connection, which a person is watching
 */
public record PacingSettings(double headroom, Duration maxWait, Duration testMaxWait, int quotaWarnPercent,
                             Duration circuitOpenFor, Map<ServiceId, PacingPolicy.Rate> rates,
                             Map<ServiceId, PacingPolicy.Rate> writeRates, Map<ServiceId, Long> quotaLimits) {

    public static PacingSettings defaults() {
        return fromEnvironment(Map.of());
    }

    public static PacingSettings fromEnvironment(Map<String, String> env) {
        double headroom = decimal(env, "APERTURE_PACING_HEADROOM", 0.97);
        if (headroom <= 0 || headroom > 1) {
            throw new IllegalArgumentException("APERTURE_PACING_HEADROOM must be in (0, 1], not " + headroom);
        }
        Map<ServiceId, PacingPolicy.Rate> rates = new EnumMap<>(ServiceId.class);
        Map<ServiceId, PacingPolicy.Rate> writes = new EnumMap<>(ServiceId.class);
        Map<ServiceId, Long> quotas = new EnumMap<>(ServiceId.class);
        for (ServiceId id : ServiceId.values()) {
            String suffix = id.id().toUpperCase(Locale.ROOT);
            value(env, "APERTURE_RATE_" + suffix).ifPresent(v -> rates.put(id, rate("APERTURE_RATE_" + suffix, v)));
            value(env, "APERTURE_WRITE_RATE_" + suffix)
                    .ifPresent(v -> writes.put(id, rate("APERTURE_WRITE_RATE_" + suffix, v)));
            value(env, "APERTURE_QUOTA_" + suffix)
                    .ifPresent(v -> quotas.put(id, (long) decimal(env, "APERTURE_QUOTA_" + suffix, 0)));
        }
        return new PacingSettings(headroom, Duration.ofSeconds((long) decimal(env, "APERTURE_PACING_MAX_WAIT_SECONDS", 60)),
                Duration.ofSeconds((long) decimal(env, "APERTURE_PACING_TEST_MAX_WAIT_SECONDS", 10)),
                (int) decimal(env, "APERTURE_QUOTA_WARN_PERCENT", 80),
                Duration.ofSeconds((long) decimal(env, "APERTURE_CIRCUIT_OPEN_SECONDS", 300)), rates, writes, quotas);
    }

    /** A service's policy with this environment's overrides applied. */
    public PacingPolicy apply(ServiceId service, PacingPolicy declared) {
        PacingPolicy.Rate reads = rates.getOrDefault(service, declared.reads());
        boolean split = !declared.writes().equals(declared.reads());
        PacingPolicy.Rate w = writeRates.getOrDefault(service, split ? declared.writes() : reads);
        PacingPolicy policy = declared.withRates(reads, w);
        Long limit = quotaLimits.get(service);
        return limit == null ? policy : policy.withQuota(declared.quota().withLimit(limit));
    }

    /** Every service's policy with this environment's overrides applied. */
    public Map<ServiceId, PacingPolicy> applyAll(Map<ServiceId, PacingPolicy> declared) {
        Map<ServiceId, PacingPolicy> out = new EnumMap<>(ServiceId.class);
        declared.forEach((id, policy) -> out.put(id, apply(id, policy)));
        return out;
    }

    /** "40" (per second), "40/1s", "1000/5m", "1/1s". */
    static PacingPolicy.Rate rate(String name, String text) {
        String[] parts = text.trim().split("/");
        try {
            int permits = Integer.parseInt(parts[0].trim());
            Duration per = parts.length == 1 ? Duration.ofSeconds(1)
                    : RetryAfter.parseGoDuration(parts[1].trim()).orElseThrow(IllegalArgumentException::new);
            return new PacingPolicy.Rate(permits, per, 1);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " must look like 40/1s or 1000/5m, not '" + text + "'");
        }
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }

    private static double decimal(Map<String, String> env, String name, double fallback) {
        Optional<String> v = value(env, name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.get().trim());
            if (d < 0 || Double.isNaN(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a non-negative number, not '" + v.get() + "'");
        }
    }
}
