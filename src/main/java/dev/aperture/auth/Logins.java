package dev.aperture.auth;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One login attempt, the same for the API and the login page: throttle first (the attempt is counted
 * before any hashing), then the password check through the bounded gate, and each failure in the log
 * (username quoted and cut short; never the password).
 */
public final class Logins {

    private static final Logger LOG = LoggerFactory.getLogger(Logins.class);
    /** Long enough for the two evaluations ahead of it to finish. */
    static final Duration BUSY_RETRY = Duration.ofSeconds(1);
    static final Duration BUSY_LOG_EVERY = Duration.ofMinutes(1);

    /** How an attempt ended. */
    public sealed interface Outcome {
        record LoggedIn(Accounts.Login login) implements Outcome {}

        record Wrong() implements Outcome {}

        /** Locked out, or too many passwords being checked at once: 429 with Retry-After. */
        record Refused(Duration retryAfter, boolean busy) implements Outcome {}
    }

    private final Accounts accounts;
    private final LoginThrottle throttle;
    private final ClientAddress clientAddress;
    /**
     * Busy refusals cost an unauthenticated caller nothing, so one line each would let anyone grow the log at
     * request speed: the first is logged, then one line a minute with how many more there were.
     */
    private final AtomicLong busyLoggedAt = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong busyUnlogged = new AtomicLong();

    public Logins(Accounts accounts, LoginThrottle throttle, ClientAddress clientAddress) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.clientAddress = clientAddress;
    }

    public Accounts accounts() {
        return accounts;
    }

    LoginThrottle throttle() {
        return throttle;
    }

    /** The address the per-client window counts against. */
    public String client(Context ctx) {
        return clientAddress.of(ctx);
    }

    private void logBusy(LoginInput input, String client) {
        long now = throttle.clock().millis();
        long last = busyLoggedAt.get();
        if (last != Long.MIN_VALUE && now - last < BUSY_LOG_EVERY.toMillis() || !busyLoggedAt.compareAndSet(last, now)) {
            busyUnlogged.incrementAndGet();
            return;
        }
        long more = busyUnlogged.getAndSet(0);
        LOG.warn("login refused: {} passwords already being checked (user {}, client {}){}", PasswordGate.AT_ONCE,
                LogText.quote(input.username()), LogText.quote(client),
                more == 0 ? "" : "; " + more + " more refused so since the last such line");
    }

    public Outcome attempt(Context ctx, LoginInput input) {
        String client = client(ctx);
        LoginThrottle.Admission admission = throttle.admit(client, input.username());
        if (admission instanceof LoginThrottle.Admission.Refused refused) {
            return new Outcome.Refused(refused.retryAfter(), false);
        }
        LoginThrottle.Ticket ticket = ((LoginThrottle.Admission.Admitted) admission).ticket();
        Accounts.Check check = accounts.login(input.username(), input.password());
        if (check instanceof Accounts.Check.Passed passed) {
            throttle.succeeded(ticket);
            return new Outcome.LoggedIn(passed.login());
        }
        if (check instanceof Accounts.Check.Busy) {
            throttle.notEvaluated(ticket);
            logBusy(input, client);
            return new Outcome.Refused(BUSY_RETRY, true);
        }
        LOG.info("login failed: wrong username or password (user {}, client {})", LogText.quote(input.username()),
                LogText.quote(client));
        throttle.failed(ticket);
        return new Outcome.Wrong();
    }

    /** A changed password; the current one is guessed no faster than at the login form. */
    public Accounts.Change changePassword(Context ctx, Principal who, String current, String next,
                                          java.util.Optional<String> keepSession) {
        String client = client(ctx);
        LoginThrottle.Admission admission = throttle.admit(client, who.username());
        if (admission instanceof LoginThrottle.Admission.Refused) {
            return Accounts.Change.LOCKED;
        }
        LoginThrottle.Ticket ticket = ((LoginThrottle.Admission.Admitted) admission).ticket();
        Accounts.Change change = accounts.changePassword(who.userId(), current, next, keepSession);
        switch (change) {
            case CHANGED -> throttle.succeeded(ticket);
            case WRONG_CURRENT -> {
                LOG.info("password change refused: wrong current password (user {}, client {})",
                        LogText.quote(who.username()), LogText.quote(client));
                throttle.failed(ticket);
            }
            default -> throttle.notEvaluated(ticket);
        }
        return change;
    }

    /** Seconds for a Retry-After header, rounded up. */
    public static String retryAfter(Duration d) {
        return String.valueOf(Math.max(1, (d.toMillis() + 999) / 1000));
    }
}
