package dev.aperture.testing;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * A provider's limit kept the way providers keep it: at most {@code limit} requests in any sliding
 * {@code window}, by the arrival times at the fake; anything beyond is refused and counted. Tests assert how
 * many were refused, never how fast anything went.
 */
public final class SlidingWindow {

    private final int limit;
    private final long windowNanos;
    private final ArrayDeque<Long> admitted = new ArrayDeque<>();
    private int seen;
    private int refused;

    public SlidingWindow(int limit, Duration window) {
        this.limit = limit;
        this.windowNanos = window.toNanos();
    }

    /** Whether a request arriving now is within the limit; a refused one does not use up the window. */
    public synchronized boolean admit() {
        // The fake's own clock: arrival times at the "provider", which no assertion reads directly.
        long now = System.nanoTime();
        seen++;
        while (!admitted.isEmpty() && now - admitted.peekFirst() >= windowNanos) {
            admitted.pollFirst();
        }
        if (admitted.size() >= limit) {
            refused++;
            return false;
        }
        admitted.addLast(now);
        return true;
    }

    public synchronized int seen() {
        return seen;
    }

    public synchronized int refused() {
        return refused;
    }
}
