package dev.aperture.ratings;

import dev.aperture.calls.CallContext;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.Calls;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.Purpose;
import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.Fetched;
import dev.aperture.integrations.IntegrationStore;
import dev.aperture.integrations.Settings;
import dev.aperture.integrations.trakt.TraktClient;
import dev.aperture.integrations.trakt.TraktDeviceCode;
import dev.aperture.integrations.trakt.TraktIntegration;
import dev.aperture.integrations.trakt.TraktTokenGrant;
import dev.aperture.logs.LocalTimes;
import dev.aperture.logs.LogText;
import dev.aperture.secrets.SecretBox;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trakt's OAuth device flow: asks Trakt for a code the user enters at trakt.tv/activate, then polls
 * at Trakt's own interval until the user approves, denies or the code expires, and stores the
 * tokens sealed. The poller is this object's own executor, closed with the app.
 */
public final class TraktDeviceFlow implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TraktDeviceFlow.class);
    /** RFC 8628 §3.5: after "slow down" the interval grows by 5 seconds for the rest of the attempt. */
    private static final int SLOW_DOWN_SECONDS = 5;

    /** The flow cannot start (Trakt not configured, or Trakt refused); the message says why. */
    static final class NotStarted extends RuntimeException {
        final int status;

        NotStarted(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final TraktIntegration trakt;
    private final TraktClient client;
    private final Calls calls;
    private final IntegrationStore settings;
    private final DeviceCodes codes;
    private final TraktTokens tokens;
    private final Clock clock;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "aperture-trakt-device");
        t.setDaemon(true);
        return t;
    });

    public TraktDeviceFlow(TraktIntegration trakt, TraktClient client, Calls calls, IntegrationStore settings,
                           TraktTokens tokens, Jdbi jdbi, SecretBox box, Clock clock) {
        this.trakt = trakt;
        this.client = client;
        this.calls = calls;
        this.settings = settings;
        this.codes = new DeviceCodes(jdbi, box, clock);
        this.tokens = tokens;
        this.clock = clock;
    }

    /** Attempts with a timer in this process; with several instances each watches all, one polls (claims). */
    private final java.util.Set<String> watching = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Attempts whose "waiting for the user" line was logged. */
    private final java.util.Set<String> waitingLogged = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Watches every pending attempt not watched yet: at start those a previous process left, and on each
     * heartbeat those another instance began (so that one dying leaves nobody's attempt unpolled).
     */
    public void start() {
        List<String> pending = codes.pending();
        watching.retainAll(pending);
        for (String id : pending) {
            if (watching.add(id)) {
                codes.find(id).ifPresent(a -> schedule(id, a.interval()));
            }
        }
    }

    DeviceCodes.Attempt begin(String user) {
        Settings s = settings.load(ServiceId.TRAKT);
        if (!s.enabled() || !trakt.isConfigured(s)) {
            throw new NotStarted(409, "Trakt is not configured or is disabled: save its client ID and client secret "
                    + "first (Settings → Integrations)");
        }
        // Recorded like any call: a refused client id here is a real Trakt authentication problem.
        Fetched<TraktDeviceCode> fetched = client.deviceCode(r -> calls.call(r, CallContext.probe()), s);
        if (!(fetched instanceof Fetched.Got<TraktDeviceCode> got)) {
            String why = fetched.result().outcome() instanceof Outcome.Failure f ? f.message()
                    : "no device code in the answer";
            throw new NotStarted(502, "Trakt did not start the device authorization: " + why);
        }
        TraktDeviceCode code = got.value();
        int interval = code.intervalSeconds();
        Instant expiresAt = clock.instant().plusSeconds(code.expiresInSeconds());
        String id = codes.add(user, code.deviceCode(), code.userCode(), code.verificationUrl(), interval, expiresAt);
        if (watching.add(id)) {
            schedule(id, interval);
        }
        return codes.find(id).orElseThrow();
    }

    Optional<DeviceCodes.Attempt> find(String id) {
        return codes.find(id);
    }

    /** A little after the interval, so this instance's own claim from the last poll has run out. */
    private void schedule(String id, int intervalSeconds) {
        scheduleIn(id, java.time.Duration.ofSeconds(intervalSeconds));
    }

    private void scheduleIn(String id, java.time.Duration wait) {
        if (!poller.isShutdown()) {
            poller.schedule(() -> safePoll(id), wait.toMillis() + 100, TimeUnit.MILLISECONDS);
        }
    }

    private void safePoll(String id) {
        try {
            poll(id);
        } catch (RuntimeException e) {
            LOG.warn("Trakt device authorization {}: poll failed: {}", id, e.getClass().getSimpleName());
            codes.find(id).filter(a -> a.state().equals("pending")).ifPresent(a -> schedule(id, a.interval()));
        }
    }

    void poll(String id) {
        DeviceCodes.Attempt a = codes.find(id).orElse(null);
        if (a == null || !a.state().equals("pending")) {
            watching.remove(id);
            waitingLogged.remove(id);
            return;
        }
        if (!codes.claimPoll(id, a.interval())) {
            // Another instance polls it this round; look again when its claim runs out, in case it died.
            scheduleIn(id, codes.claimedFor(id));
            return;
        }
        if (!clock.instant().isBefore(a.expiresAt())) {
            codes.update(id, "expired", "The code expired before the user entered it: start again.", a.interval());
            return;
        }
        Settings s = settings.load(ServiceId.TRAKT);
        // Not recorded: 400 "pending" and 429 "slow down" are the device flow's normal answers, not failures.
        Fetched<TraktTokenGrant> polled = client.deviceToken(r -> calls.call(r, new CallContext(Purpose.POLL, null, false)),
                s, codes.deviceCode(id), a.user());
        CallResult result = polled.result();
        int status = result.reply().map(r -> r.status()).orElse(0);
        if (status == 200) {
            store(a, polled);
            return;
        }
        switch (status) {
            case 400 -> {
                // Trakt's "authorization_pending": logged once per attempt, not at every poll.
                if (waitingLogged.add(id)) {
                    // Not the code itself: whoever reads the log could enter it with their own Trakt account.
                    LOG.info("Trakt device authorization for {}: waiting for the user to enter the code at {} "
                            + "(polling every {} s until {})", LogText.field(a.user(), 100),
                            LogText.field(a.verificationUrl(), 200), a.interval(), LocalTimes.at(a.expiresAt(),
                                    clock.instant()));
                }
                schedule(id, a.interval());
            }
            case 429 -> {
                LOG.info("Trakt device authorization for {}: Trakt asked to poll more slowly; next poll in {} s",
                        LogText.field(a.user(), 100), a.interval() + SLOW_DOWN_SECONDS);
                codes.update(id, "pending", a.message(), a.interval() + SLOW_DOWN_SECONDS);
                schedule(id, a.interval() + SLOW_DOWN_SECONDS);
            }
            case 404 -> codes.update(id, "invalid", "Trakt does not know this device code: start again.", a.interval());
            case 409 -> codes.update(id, "used", "This code was already used: start again.", a.interval());
            case 410 -> codes.update(id, "expired", "The code expired before the user entered it: start again.",
                    a.interval());
            case 418 -> codes.update(id, "denied", "The user denied Aperture access on Trakt.", a.interval());
            default -> otherwise(a, result);
        }
    }

    private void store(DeviceCodes.Attempt a, Fetched<TraktTokenGrant> polled) {
        if (!(polled instanceof Fetched.Got<TraktTokenGrant> got)) {
            codes.update(a.id(), "failed", "Trakt answered without tokens: start again.", a.interval());
            return;
        }
        TraktTokenGrant grant = got.value();
        tokens.authorize(a.user(), grant.access(), grant.refresh(), grant.expiresAt(clock.instant()));
        codes.update(a.id(), "authorized", "Authorized: Trakt ratings of " + a.user() + " will be synced.",
                a.interval());
    }

    /** A rejected client or a broken base URL ends the attempt; a transient failure is polled again. */
    private void otherwise(DeviceCodes.Attempt a, CallResult result) {
        if (result.outcome() instanceof Outcome.Failure f
                && (f.type() == ErrorType.AUTHENTICATION || f.type() == ErrorType.CONFIGURATION)) {
            codes.update(a.id(), "failed", f.message(), a.interval());
            return;
        }
        schedule(a.id(), a.interval());
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
