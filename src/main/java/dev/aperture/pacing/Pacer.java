package dev.aperture.pacing;

import dev.aperture.calls.Answer;
import dev.aperture.calls.CallContext;
import dev.aperture.calls.CallRequest;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.Pacing;
import dev.aperture.calls.Purpose;
import dev.aperture.calls.ServiceId;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pacing stage of the pipeline, one {@link Lane} per service shared by every caller (jobs, health
 * checks, Test Connection): a provider's "wait until" holds all of them, permits are evenly spaced at the
 * service's documented rate, and a circuit breaker fed by outages keeps jobs off a service that is down
 * while probes still go through to notice it recover.
 *
 * <p>With several instances on one database ({@link Peers}) each paces at its share of the limit, and a
 * provider's wait learned by one holds the others from their next {@link #sync()}.
 */
public final class Pacer implements Pacing {

    private static final Logger LOG = LoggerFactory.getLogger(Pacer.class);
    /** A 429 whose reset is further away than this is a spent quota, not a pace to slow down for. */
    private static final Duration PACE_RESET = Duration.ofMinutes(5);

    /** Marks an outage for the breaker; never thrown. */
    private static final class OutageSeen extends RuntimeException {
        OutageSeen() {
            super("outage", null, false, false);
        }
    }

    private final Map<ServiceId, Lane> lanes = new EnumMap<>(ServiceId.class);
    private final PacingSettings settings;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Peers peers;
    /** The last settings change per service this instance has acted on (its own, or one a peer shared). */
    private final Map<ServiceId, Instant> releasesSeen = new java.util.concurrent.ConcurrentHashMap<>();
    /** The first sync only learns the stamps: a save made before this process started is already in force. */
    private volatile boolean synced;

    /** {@code policies} as {@link PacingSettings#applyAll} made them: declared limits with overrides applied. */
    public Pacer(Map<ServiceId, PacingPolicy> policies, PacingSettings settings, Clock clock, Sleeper sleeper,
                 Peers peers) {
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
        this.peers = peers;
        policies.forEach((id, policy) -> lanes.put(id, new Lane(id, policy, settings.headroom(),
                breaker(id, settings, clock), peers::sharing)));
    }

    private static CircuitBreaker breaker(ServiceId id, PacingSettings settings, Clock clock) {
        // Opens when at least half of the last 10 calls met an outage; job calls are then refused
        // until a probe passes (see observe) or, without probes, a couple of trial calls after the wait.
        return CircuitBreaker.of(id.id(), CircuitBreakerConfig.custom()
                .slidingWindow(10, 10, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                // A full window before judging: a run retries an outage 3 times per item, so one bad item in a
                // short run would otherwise cut a healthy service off.
                .failureRateThreshold(50)
                .waitDurationInOpenState(settings.circuitOpenFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(e -> e instanceof OutageSeen)
                .clock(clock)
                .build());
    }

    @Override
    public Admission admit(CallRequest request, CallContext context) {
        Lane lane = lanes.get(request.service());
        if (lane == null) {
            return Pacing.granted(Held.NONE);
        }
        Instant now = clock.instant();
        Instant until = lane.heldUntil();
        Duration forReset = Duration.ZERO;
        if (until.isAfter(now) && !context.pastWaits()) {
            Duration wait = Duration.between(now, until);
            Duration bound = context.purpose() == Purpose.TEST ? settings.testMaxWait() : settings.maxWait();
            if (wait.compareTo(bound) > 0) {
                return new Refused(new Outcome.NotSent(Outcome.NotSent.Reason.RESET_PENDING, Optional.of(until)),
                        Held.NONE);
            }
            sleeper.sleep(wait);
            forReset = wait;
        }
        Bucket bucket = lane.bucket(request);
        Duration pace = Duration.between(clock.instant(), bucket.reserve(clock.instant()));
        if (!pace.isNegative() && !pace.isZero()) {
            sleeper.sleep(pace);
        }
        Duration late = bucket.window(clock.instant());
        if (!late.isZero()) {
            sleeper.sleep(late);
        }
        Held held = new Held(forReset, late.plus(pace.isNegative() ? Duration.ZERO : pace));
        // Probes and tests pass an open breaker: they are how recovery is noticed.
        boolean job = context.purpose() == Purpose.JOB;
        if (job && !lane.breaker.tryAcquirePermission()) {
            return new Refused(new Outcome.NotSent(Outcome.NotSent.Reason.CIRCUIT_OPEN, Optional.empty()), held);
        }
        return new LanePermit(lane, request, job, held, context.pastWaits());
    }

    /** One admitted call: whether it took a breaker permit, and the lane its answer teaches. */
    private final class LanePermit implements Permit {
        private final Lane lane;
        private final CallRequest request;
        private final boolean tookPermit;
        private final Held held;
        private final boolean pastWaits;

        LanePermit(Lane lane, CallRequest request, boolean tookPermit, Held held, boolean pastWaits) {
            this.lane = lane;
            this.request = request;
            this.tookPermit = tookPermit;
            this.held = held;
            this.pastWaits = pastWaits;
        }

        @Override
        public Held held() {
            return held;
        }

        @Override
        public void done(Answer answer, Outcome outcome) {
            // A test sent past the wait that the provider served: the wait is over for everyone.
            if (pastWaits && (outcome instanceof Outcome.Success || outcome instanceof Outcome.NotFound)) {
                lane.release();
            }
            observe(lane, request, tookPermit, answer, outcome);
        }
    }

    private void observe(Lane lane, CallRequest request, boolean tookPermit, Answer answer, Outcome outcome) {
        Instant now = clock.instant();
        Optional<Instant> said = answer instanceof Answer.Reply reply ? Signals.waitUntil(reply, now) : Optional.empty();
        Optional<Instant> classified = outcome instanceof Outcome.Failure f && f.type() == ErrorType.RATE_LIMIT
                ? f.resetAt() : Optional.empty();
        Optional<Instant> reset = classified.isPresent() && (said.isEmpty() || classified.get().isAfter(said.get()))
                ? classified : said;
        if (reset.isPresent() && lane.holdUntil(reset.get())) {
            peers.held(request.service(), reset.get());
        }
        boolean paced429 = answer instanceof Answer.Reply r && r.status() == 429
                && reset.map(at -> Duration.between(now, at).compareTo(PACE_RESET) <= 0).orElse(true);
        if (paced429 && lane.bucket(request).lower(now)) {
            LOG.warn("service={} answered 429 despite pacing: rate lowered to {}/s", request.service().id(),
                    String.format(java.util.Locale.ROOT, "%.2f", lane.bucket(request).perSecond(now)));
        }
        feedBreaker(lane, tookPermit, outcome);
    }

    private static void feedBreaker(Lane lane, boolean tookPermit, Outcome outcome) {
        boolean outage = outcome instanceof Outcome.Failure f && f.type() == ErrorType.OUTAGE;
        CircuitBreaker.State state = lane.breaker.getState();
        boolean tripped = state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.HALF_OPEN;
        // Probes and tests took no permit; while tripped their verdict moves the breaker directly.
        if (tripped && !tookPermit) {
            if (!outage) {
                lane.breaker.transitionToClosedState();
            } else if (state == CircuitBreaker.State.HALF_OPEN) {
                lane.breaker.transitionToOpenState();
            }
            return;
        }
        if (outage) {
            lane.breaker.onError(0, TimeUnit.NANOSECONDS, new OutageSeen());
        } else {
            lane.breaker.onSuccess(0, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Forgets a service's pending reset and open breaker, called when its settings are saved: a new key
     * has its own quota, and a corrected URL its own health (a patron key bought after "Request limit
     * reached!" must not wait for midnight).
     */
    public void forget(ServiceId service) {
        Lane lane = lanes.get(service);
        if (lane != null) {
            lane.forget();
            Instant at = clock.instant();
            releasesSeen.put(service, at);
            peers.released(service, at);
        }
    }

    /**
     * Takes in what the other instances learned: a provider's wait one of them was told, and a settings save
     * on another instance (which forgets the old key's wait and breaker here too). Called every heartbeat.
     */
    public void sync() {
        peers.holds().forEach((service, hold) -> {
            Lane lane = lanes.get(service);
            if (lane == null) {
                return;
            }
            hold.releasedAt().ifPresent(at -> {
                Instant seen = releasesSeen.put(service, at);
                if (synced && !at.equals(seen)) {
                    lane.forget();
                }
            });
            lane.holdUntil(hold.until());
        });
        synced = true;
    }

    /** When callers of {@code service} may send again; {@link Instant#EPOCH} when no reset is pending. */
    public Instant heldUntil(ServiceId service) {
        Lane lane = lanes.get(service);
        return lane == null ? Instant.EPOCH : lane.heldUntil();
    }

    /** The provider's reset every caller of {@code service} is waiting for, if one is still ahead. */
    public Optional<Instant> waitingUntil(ServiceId service) {
        Instant held = heldUntil(service);
        return held.isAfter(clock.instant()) ? Optional.of(held) : Optional.empty();
    }

    /** {@code closed}, {@code open} or {@code half_open}. */
    public String circuit(ServiceId service) {
        Lane lane = lanes.get(service);
        return lane == null ? "closed" : lane.breaker.getState().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Permits per second in force for reads now (lowered after a 429, recovering). */
    public double readsPerSecond(ServiceId service) {
        return lanes.get(service).reads.perSecond(clock.instant());
    }

    /** The policy in force for a service, overrides applied. */
    public PacingPolicy policy(ServiceId service) {
        return lanes.get(service).policy;
    }
}
