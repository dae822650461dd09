package dev.aperture.jobs;

import java.time.Duration;

/** Waiting inside a run (backoff, a rate limit's reset); tests substitute one that moves their clock. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(Math.max(0, d.toMillis()));
}
