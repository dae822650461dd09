package dev.aperture.pacing;

import dev.aperture.calls.CallRequest;
import dev.aperture.calls.ServiceId;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** Everything one service's callers share: its permit buckets, its "wait until" gate and its breaker. */
final class Lane {

    final ServiceId service;
    final PacingPolicy policy;
    final Bucket reads;
    final Bucket writes;
    final CircuitBreaker breaker;
    private final AtomicReference<Instant> gate = new AtomicReference<>(Instant.EPOCH);

    Lane(ServiceId service, PacingPolicy policy, double headroom, CircuitBreaker breaker,
         java.util.function.IntSupplier sharing) {
        this.service = service;
        this.policy = policy;
        this.reads = new Bucket(policy.reads(), headroom, sharing);
        // One bucket unless the provider counts writes apart (Trakt: GETs per 5 minutes, writes 1/s).
        this.writes = policy.writes().equals(policy.reads()) ? reads : new Bucket(policy.writes(), headroom, sharing);
        this.breaker = breaker;
    }

    Bucket bucket(CallRequest request) {
        String m = request.method();
        return m.equalsIgnoreCase("GET") || m.equalsIgnoreCase("HEAD") ? reads : writes;
    }

    /**
     * Every caller waits until at least {@code at}; a later reset never gets shortened by an earlier one.
     * Answers whether this moved the gate (news worth telling the other instances).
     */
    boolean holdUntil(Instant at) {
        Instant before = gate.getAndAccumulate(at, (a, b) -> a.isAfter(b) ? a : b);
        return at.isAfter(before);
    }

    /** New settings (another key, another URL): the old one's pending reset and outage record no longer apply. */
    void forget() {
        gate.set(Instant.EPOCH);
        breaker.reset();
    }

    /** The provider served a call while the gate was shut: its reset no longer holds anyone. */
    void release() {
        gate.set(Instant.EPOCH);
    }

    Instant heldUntil() {
        return gate.get();
    }
}
