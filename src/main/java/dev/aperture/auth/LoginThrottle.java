package dev.aperture.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses logins for a client address after repeated failures: 5 failures in 15 minutes lock it
 * out until the oldest of them ages out (OWASP's guidance on credential stuffing, kept simple).
 */
public final class LoginThrottle {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);

    private final Clock clock;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    public boolean blocked(String client) {
        Deque<Long> times = failures.get(client);
        if (times == null) {
            return false;
        }
        synchronized (times) {
            prune(times);
            return times.size() >= MAX_FAILURES;
        }
    }

    public void failed(String client) {
        if (failures.size() > 10_000) {
            failures.clear();
        }
        Deque<Long> times = failures.computeIfAbsent(client, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times);
            times.addLast(clock.millis());
        }
    }

    public void succeeded(String client) {
        failures.remove(client);
    }

    private void prune(Deque<Long> times) {
        long cutoff = clock.millis() - WINDOW.toMillis();
        while (!times.isEmpty() && times.peekFirst() < cutoff) {
            times.removeFirst();
        }
    }
}
