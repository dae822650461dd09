package dev.aperture.pacing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * How pacing waits. The real one parks the thread; tests on a controlled clock move that clock instead,
 * so a wait of a minute takes no time and still shows on the clock.
 */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration);

    /** Parks for the duration; parkNanos keeps sub-millisecond spacing that Thread.sleep would round. */
    Sleeper REAL = duration -> {
        long deadline = System.nanoTime() + duration.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    };
}
