package dev.aperture.auth;

import dev.aperture.store.Ids;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets only a few Argon2 evaluations run at once. Each needs 19 MiB of working memory: 30 logins at
 * once would want 570 MiB, more than the 160 MB heap the service runs in, so the rest are turned away
 * at once (the caller answers 429 with Retry-After) instead of failing with OutOfMemoryError.
 */
final class PasswordGate {

    /** Two at once (38 MiB) keeps both cores of a small NAS busy and leaves the heap for everything else. */
    static final int AT_ONCE = 2;
    /** One evaluation takes tens of milliseconds; a caller waits for at most a few of them. */
    static final Duration WAIT = Duration.ofMillis(300);

    enum Verdict { MATCH, MISMATCH, BUSY }

    private final Semaphore permits = new Semaphore(AT_ONCE, true);
    private final AtomicLong evaluations = new AtomicLong();
    private final Passwords passwords;
    /** Checked against when the username is unknown, so an unknown name costs the same as a known one. */
    private final String dummyHash;

    PasswordGate(Passwords passwords) {
        this.passwords = passwords;
        this.dummyHash = passwords.hash(Ids.token());
    }

    /** {@code hash} empty: the user does not exist; the same work is done and the answer is MISMATCH. */
    Verdict verify(String password, Optional<String> hash) {
        if (!acquire()) {
            return Verdict.BUSY;
        }
        try {
            evaluations.incrementAndGet();
            boolean matches = passwords.matches(password, hash.orElse(dummyHash));
            return matches && hash.isPresent() ? Verdict.MATCH : Verdict.MISMATCH;
        } finally {
            permits.release();
        }
    }

    /** A new hash, or empty when the gate stayed full. */
    Optional<String> hash(String password) {
        if (!acquire()) {
            return Optional.empty();
        }
        try {
            return Optional.of(passwords.hash(password));
        } finally {
            permits.release();
        }
    }

    /** How many passwords were checked against a hash since start. */
    long evaluations() {
        return evaluations.get();
    }

    private boolean acquire() {
        try {
            return permits.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
