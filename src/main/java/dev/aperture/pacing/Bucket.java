package dev.aperture.pacing;

import java.time.Duration;
import java.time.Instant;

/**
 * Evenly spaced permits (GCRA, the "virtual scheduling" form of a token bucket) whose rate halves on a
 * 429 that got through despite pacing and climbs back additively once the service has been quiet (AIMD).
 *
 * <p>Our own bucket rather than resilience4j's RateLimiter, for three reasons: its AtomicRateLimiter
 * hands out all {@code limitForPeriod} permits at the start of each refresh cycle, so across a cycle
 * boundary up to twice the limit leaves within one second and a provider counting over a sliding
 * second answers 429 (docs/benchmarks.md shows the 429s a burst costs); it reads System.nanoTime and
 * parks the thread itself, so tests on a controlled clock would have to sleep for real; and a changed
 * limit only applies from its next cycle, which makes the multiplicative decrease lag the 429 it answers.
 */
final class Bucket {

    /** The rate never drops below 1/16 of the policy: a provider that 429s everything is the breaker's job. */
    static final double MIN_FACTOR = 1.0 / 16;
    /** 429s of requests already in flight when the first one came back are one signal, not several. */
    static final Duration SAME_EPISODE = Duration.ofSeconds(1);
    /** After a decrease, the rate stays low this long, then recovers by {@link #STEP} every {@link #STEP_EVERY}. */
    static final Duration QUIET = Duration.ofSeconds(10);
    static final double STEP = 0.1;
    static final Duration STEP_EVERY = Duration.ofSeconds(5);

    private final PacingPolicy.Rate rate;
    private final double headroom;
    /** Instances on one database split the provider's limit evenly (README, "Running several instances"). */
    private final java.util.function.IntSupplier sharing;
    /** When the last {@code permits} calls actually left, oldest first overwritten: the provider's own window. */
    private final Instant[] sent;
    private int oldest;
    private Instant theoreticalArrival = Instant.EPOCH;
    private double loweredTo = 1.0;
    private Instant loweredAt;

    Bucket(PacingPolicy.Rate rate, double headroom, java.util.function.IntSupplier sharing) {
        this.rate = rate;
        this.headroom = headroom;
        this.sharing = sharing;
        this.sent = new Instant[Math.min(rate.permits(), 10_000)];
        java.util.Arrays.fill(sent, Instant.EPOCH);
    }

    /**
     * The provider's count, mirrored on the moments calls really leave (after the caller woke up, which on a
     * busy machine can be late): no more than {@code permits} within any {@code per}. Even spacing alone lets
     * one late wake-up squeeze the next window, and a provider counting over a sliding second then answers
     * 429 (docs/benchmarks.md). Answers how much longer to wait; the call is booked at now plus that wait.
     * With several instances this one's window holds only its share of the permits.
     */
    synchronized Duration window(Instant now) {
        int mine = Math.max(1, sent.length / share());
        // The window is stretched by the headroom too: a call booked now reaches the provider a little later,
        // and a late one must not land inside the provider's count of the window before.
        Duration per = Duration.ofNanos(Math.round(rate.per().toNanos() / headroom));
        Instant free = sent[Math.floorMod(oldest - mine, sent.length)].plus(per);
        Duration wait = free.isAfter(now) ? Duration.between(now, free) : Duration.ZERO;
        sent[oldest] = now.plus(wait);
        oldest = (oldest + 1) % sent.length;
        return wait;
    }

    /** Reserves the next permit; answers when the caller may send (now, or later). */
    synchronized Instant reserve(Instant now) {
        Duration interval = interval(now);
        Duration tolerance = interval.multipliedBy(Math.max(1, rate.burst() / share()) - 1L);
        Instant tat = theoreticalArrival.isAfter(now) ? theoreticalArrival : now;
        Instant sendAt = tat.minus(tolerance);
        theoreticalArrival = tat.plus(interval);
        return sendAt.isAfter(now) ? sendAt : now;
    }

    /** Halves the rate; answers false when this 429 belongs to an episode already answered. */
    synchronized boolean lower(Instant now) {
        if (loweredAt != null && Duration.between(loweredAt, now).compareTo(SAME_EPISODE) < 0) {
            return false;
        }
        loweredTo = Math.max(MIN_FACTOR, factor(now) / 2);
        loweredAt = now;
        return true;
    }

    /** The share of the policy's rate in force now: 1 unless a 429 lowered it and it has not recovered yet. */
    synchronized double factor(Instant now) {
        if (loweredAt == null) {
            return 1.0;
        }
        long quietFor = Duration.between(loweredAt, now).minus(QUIET).toMillis();
        long steps = quietFor <= 0 ? 0 : quietFor / STEP_EVERY.toMillis() + 1;
        return Math.min(1.0, loweredTo + steps * STEP);
    }

    /** Permits per second in force now, for the API and metrics. */
    double perSecond(Instant now) {
        return 1_000_000_000.0 / interval(now).toNanos();
    }

    private int share() {
        return Math.max(1, sharing.getAsInt());
    }

    private Duration interval(Instant now) {
        long nanos = rate.interval().toNanos() * share();
        return Duration.ofNanos(Math.max(1, Math.round(nanos / (headroom * factor(now)))));
    }
}
