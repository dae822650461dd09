package dev.aperture.notify;

import dev.aperture.logs.LogText;
import dev.aperture.alerts.Alert;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's one worker, run every few seconds by the scheduler (once across a cluster): turns
 * events older than the batch window into one message per channel and event kind, adds reminders
 * of alerts still open, and attempts due deliveries, retrying with exponential backoff for a
 * bounded period. A channel that fails is only logged and shown as failing: it never raises an
 * alert, so a broken channel cannot become a source of notifications itself.
 */
final class NotificationWorker {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationWorker.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration MAX_RETRY = Duration.ofHours(1);
    static final Duration GIVE_UP_AFTER = Duration.ofHours(24);
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final Channels channels;
    private final ChannelStore store;
    private final Outbox outbox;
    /** The open alerts now (the alert store, from memory). */
    private final Supplier<List<Alert>> openAlerts;
    private final Clock clock;
    private final Duration window;
    private final Supplier<String> publicUrl;
    private final QuietHours quiet;
    private final DailyDigest digest;
    private final ReentrantLock running = new ReentrantLock();

    NotificationWorker(Channels channels, ChannelStore store, Outbox outbox, Supplier<List<Alert>> openAlerts, Clock clock,
                       Duration window, Supplier<String> publicUrl, DailyDigest digest) {
        this.quiet = new QuietHours(outbox, publicUrl);
        this.digest = digest;
        this.channels = channels;
        this.store = store;
        this.outbox = outbox;
        this.openAlerts = openAlerts;
        this.clock = clock;
        this.window = window;
        this.publicUrl = publicUrl;
    }

    /** One round; a second caller in this process waits for the running round rather than overlapping it. */
    void tick() {
        running.lock();
        try {
            List<ChannelConfig> all = store.all();
            batch(all);
            Instant now = clock.instant();
            int queued = quiet.release(all, now) + digest.run(all, now);
            if (queued > 0) {
                LOG.info("notifications: {} message(s) queued after quiet hours or as a digest", queued);
            }
            remind(all);
            deliver(all);
            outbox.purge(now.minus(Duration.ofDays(1)), now.minus(Duration.ofDays(30)),
                    openAlerts.get().stream().map(Alert::id).toList());
        } finally {
            running.unlock();
        }
    }

    private void batch(List<ChannelConfig> all) {
        Instant now = clock.instant();
        int written = outbox.batch(now, now.minus(window), events -> {
            List<Outbox.NewDelivery> out = new ArrayList<>();
            List<Outbox.Held> held = new ArrayList<>();
            for (ChannelConfig c : all) {
                if (!c.enabled()) {
                    continue;
                }
                for (Event kind : List.of(Event.OPENED, Event.RESOLVED)) {
                    if (!c.rules().admits(kind)) {
                        continue;
                    }
                    // One notice per alert: a later event of the same kind (a re-queued one) replaces it.
                    Map<String, Notice> notices = new LinkedHashMap<>();
                    events.stream().filter(e -> e.event() == kind && c.rules().admits(e.notice()))
                            .forEach(e -> notices.put(e.notice().alertId(), e.notice()));
                    // Below the quiet-hours level, an event waits for the window's end.
                    notices.values().removeIf(n -> c.rules().holds(n.severity(), now)
                            && held.add(new Outbox.Held(c.id(), kind, n)));
                    if (!notices.isEmpty()) {
                        out.add(new Outbox.NewDelivery(c.id(), new Message(kind, List.copyOf(notices.values()), now,
                                publicUrl.get(), false)));
                    }
                }
            }
            return new Outbox.Rendered(out, held);
        });
        if (written > 0) {
            LOG.info("notifications: {} message(s) queued", written);
        }
    }

    private void remind(List<ChannelConfig> all) {
        List<ChannelConfig> reminding = all.stream()
                .filter(c -> c.enabled() && c.rules().reminderInterval() != null).toList();
        if (reminding.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<Alert> open = openAlerts.get();
        for (ChannelConfig c : reminding) {
            Map<String, Instant> marks = outbox.reminderMarks(c.id());
            Instant due = now.minus(c.rules().reminderInterval());
            List<Notice> stillOpen = open.stream().map(Notice::of).filter(c.rules()::admits)
                    .filter(n -> !marks.getOrDefault(n.alertId(), n.firstSeenAt()).isAfter(due))
                    .filter(n -> !c.rules().holds(n.severity(), now)).toList();
            if (!stillOpen.isEmpty()) {
                outbox.remind(c.id(), new Message(Event.REMINDER, stillOpen, now, publicUrl.get(), false), now);
            }
        }
    }

    private void deliver(List<ChannelConfig> all) {
        Map<String, ChannelConfig> byId = new LinkedHashMap<>();
        all.forEach(c -> byId.put(c.id(), c));
        Set<String> failedThisRound = new HashSet<>();
        for (Outbox.Due d : outbox.due(clock.instant(), 200)) {
            Instant now = clock.instant();
            Optional<ChannelConfig> channel = Optional.ofNullable(byId.get(d.channelId())).filter(ChannelConfig::enabled);
            Instant deadline = d.createdAt().plus(GIVE_UP_AFTER);
            if (channel.isEmpty()) {
                if (!now.isBefore(deadline)) {
                    outbox.expire(d.id(), "gave up: the channel was disabled for " + GIVE_UP_AFTER.toHours() + " h");
                }
                continue;
            }
            // Keeps a channel's messages in order: after a failure, its later ones wait for the next round.
            if (failedThisRound.contains(d.channelId()) || !outbox.claim(d, now.plus(LEASE))) {
                continue;
            }
            ChannelConfig c = channel.get();
            Delivery result = send(c, d.message(), d.id());
            Instant after = clock.instant();
            int attempt = d.attempts() + 1;
            store.recordAttempt(c.id(), result);
            if (result instanceof Delivery.Throttled t) {
                // The receiver's own limit: come back when it said, never give up over it.
                Instant retryAt = t.retryAt() != null && t.retryAt().isAfter(after) ? t.retryAt()
                        : after.plus(backoff(attempt));
                failedThisRound.add(c.id());
                outbox.attempted(d.id(), result, after, retryAt, false);
                outbox.holdChannel(c.id(), retryAt);
                LOG.warn("notification rate limited channel={} type={} attempt={} status={} reason={} retry at {}",
                        c.id(), c.type().wire(), attempt, result.status(), LogText.quote(result.answer(), 500), retryAt);
                continue;
            }
            if (result.accepted()) {
                outbox.attempted(d.id(), result, after, null, false);
                LOG.info("notification delivered channel={} type={} attempt={} event={}", c.id(), c.type().wire(),
                        attempt, d.message().event().wire());
                continue;
            }
            failedThisRound.add(c.id());
            Instant retryAt = after.plus(backoff(attempt));
            boolean gaveUp = retryAt.isAfter(deadline);
            outbox.attempted(d.id(), result, after, gaveUp ? null : retryAt, gaveUp);
            LOG.warn("notification not delivered channel={} type={} attempt={} status={} reason={} {}", c.id(),
                    c.type().wire(), attempt, result.status(), LogText.quote(result.answer(), 500),
                    gaveUp ? "giving up" : "retry at " + retryAt);
        }
    }

    /** One attempt; {@code deliveryId} is the same on every retry of one outbox delivery. */
    Delivery send(ChannelConfig c, Message message, String deliveryId) {
        Delivery result;
        try {
            result = channels.get(c.type()).send(c.settings(), message, deliveryId);
        } catch (RuntimeException e) {
            // A bug in a flavour must not stop the other channels' deliveries; its class is enough to find it.
            LOG.error("notification channel {} of type {} failed: {}", c.id(), c.type().wire(), e.getClass().getName());
            result = new Delivery.Rejected(null, "internal error in the " + c.type().wire() + " channel ("
                    + e.getClass().getSimpleName() + ")");
        }
        return result.scrubbed(c.settings().allSecrets());
    }

    /** 30 s, 1 min, 2 min, … doubling up to an hour between attempts. */
    static Duration backoff(int attempt) {
        Duration d = FIRST_RETRY.multipliedBy(1L << Math.min(attempt - 1, 20));
        return d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d;
    }
}
