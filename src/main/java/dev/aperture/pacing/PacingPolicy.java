package dev.aperture.pacing;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A service's documented limits, declared in its own integration package: the request rate to pace
 * reads (GET/HEAD) and writes at, and the quota window its use is counted in.
 */
public record PacingPolicy(Rate reads, Rate writes, Quota quota) {

    public PacingPolicy {
        Objects.requireNonNull(reads, "reads");
        writes = writes == null ? reads : writes;
        Objects.requireNonNull(quota, "quota");
    }

    /** One rate for every method, use counted per UTC day without a limit: a generous default. */
    public static PacingPolicy of(Rate rate) {
        return new PacingPolicy(rate, rate, Quota.unlimited());
    }

    public PacingPolicy withQuota(Quota newQuota) {
        return new PacingPolicy(reads, writes, newQuota);
    }

    public PacingPolicy withRates(Rate newReads, Rate newWrites) {
        return new PacingPolicy(newReads, newWrites, quota);
    }

    /**
     * {@code permits} per {@code per}, sent evenly spaced; {@code burst} is how many may go back to back
     * after a quiet spell (1 for per-second limits, which providers enforce over a sliding second).
     */
    public record Rate(int permits, Duration per, int burst) {
        public Rate {
            if (permits < 1 || per.isZero() || per.isNegative() || burst < 1) {
                throw new IllegalArgumentException("a rate needs permits ≥ 1, a positive period and burst ≥ 1");
            }
        }

        public static Rate perSecond(int permits) {
            return new Rate(permits, Duration.ofSeconds(1), 1);
        }

        /** The even spacing between two permits. */
        public Duration interval() {
            return per.dividedBy(permits);
        }

        /** "40/1s", "1000/5m": how the README and env vars write a rate. */
        @Override
        public String toString() {
            return permits + "/" + per.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Where use is counted and what the provider allows in that window; the reader takes the provider's word. */
    public record Quota(QuotaWindow window, OptionalLong limit, UsageReader reader) {
        public Quota {
            Objects.requireNonNull(window, "window");
            limit = limit == null ? OptionalLong.empty() : limit;
            reader = reader == null ? UsageReader.STANDARD_HEADERS : reader;
        }

        public static Quota unlimited() {
            return new Quota(QuotaWindow.UTC_DAY, OptionalLong.empty(), UsageReader.NONE);
        }

        public static Quota of(QuotaWindow window, long limit, UsageReader reader) {
            return new Quota(window, OptionalLong.of(limit), reader);
        }

        public Quota withLimit(long newLimit) {
            return new Quota(window, OptionalLong.of(newLimit), reader);
        }
    }
}
