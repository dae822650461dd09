package dev.aperture.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aperture.store.Ids;
import dev.aperture.store.Wired;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * The notification outbox: alert events waiting for their batch, and deliveries (one per channel
 * message) waiting to be accepted. Rows are claimed with conditional updates, so two workers
 * (threads, or processes on one PostgreSQL) never batch one event twice or send one delivery at once.
 */
final class Outbox {

    record PendingEvent(String id, Event event, Notice notice, Instant createdAt) {}

    record NewDelivery(String channelId, Message message) {}

    /** An event a channel's quiet hours hold back until the window ends. */
    record Held(String channelId, Event event, Notice notice) {}

    /** What a batch turns into: deliveries now, and events held for later. */
    record Rendered(List<NewDelivery> deliveries, List<Held> held) {}

    record Due(String id, String channelId, Message message, int attempts, Instant createdAt, long nextAttemptAt) {}

    private final Jdbi jdbi;
    private final ObjectMapper json;

    Outbox(Jdbi jdbi, ObjectMapper json) {
        this.jdbi = jdbi;
        this.json = json;
    }

    void addEvents(Event event, List<Notice> notices, Instant at) {
        jdbi.useTransaction(h -> {
            for (Notice n : notices) {
                h.createUpdate("INSERT INTO notification_events (id, alert_id, event, alert_json, created_at) "
                                + "VALUES (:id, :alertId, :event, :json, :at)")
                        .bind("id", Ids.next(at)).bind("alertId", n.alertId()).bind("event", event.wire())
                        .bind("json", write(n)).bind("at", at.toEpochMilli()).execute();
            }
        });
    }

    /**
     * When the oldest waiting event is at least {@code windowStart} old, claims every waiting event
     * and stores the deliveries {@code render} makes of them, in one transaction: a crash leaves
     * either both or neither. Answers how many deliveries were written.
     */
    int batch(Instant now, Instant windowStart, Function<List<PendingEvent>, Rendered> render) {
        return jdbi.inTransaction(h -> {
            Long oldest = h.createQuery("SELECT MIN(created_at) FROM notification_events WHERE batched_at IS NULL")
                    .mapTo(Long.class).one();
            if (oldest == null || oldest > windowStart.toEpochMilli()) {
                return 0;
            }
            List<PendingEvent> waiting = h.createQuery("SELECT id, event, alert_json, created_at FROM "
                            + "notification_events WHERE batched_at IS NULL AND created_at <= :now ORDER BY created_at, id")
                    .bind("now", now.toEpochMilli())
                    .map((rs, ctx) -> new PendingEvent(rs.getString("id"), Wired.of(Event.class, rs.getString("event")),
                            read(rs.getString("alert_json"), Notice.class), Instant.ofEpochMilli(rs.getLong("created_at"))))
                    .list();
            List<PendingEvent> claimed = new ArrayList<>();
            for (PendingEvent e : waiting) {
                if (h.createUpdate("UPDATE notification_events SET batched_at = :now WHERE id = :id AND batched_at IS NULL")
                        .bind("now", now.toEpochMilli()).bind("id", e.id()).execute() == 1) {
                    claimed.add(e);
                }
            }
            Rendered rendered = claimed.isEmpty() ? new Rendered(List.of(), List.of()) : render.apply(claimed);
            for (NewDelivery d : rendered.deliveries()) {
                insert(h, d.channelId(), d.message(), now);
            }
            for (Held held : rendered.held()) {
                h.createUpdate("INSERT INTO notification_held (id, channel_id, alert_id, event, alert_json, created_at) "
                                + "VALUES (:id, :channel, :alert, :event, :json, :now)")
                        .bind("id", Ids.next(now)).bind("channel", held.channelId())
                        .bind("alert", held.notice().alertId()).bind("event", held.event().wire())
                        .bind("json", write(held.notice())).bind("now", now.toEpochMilli()).execute();
            }
            return rendered.deliveries().size();
        });
    }

    private void insert(org.jdbi.v3.core.Handle h, String channelId, Message message, Instant now) {
        h.createUpdate("INSERT INTO notification_deliveries (id, channel_id, event, alert_count, title, "
                        + "message_json, status, attempts, next_attempt_at, created_at) VALUES (:id, :channel, "
                        + ":event, :count, :title, :json, 'pending', 0, :now, :now)")
                .bind("id", Ids.next(now)).bind("channel", channelId).bind("event", message.event().wire())
                .bind("count", message.notices().size()).bind("title", message.headline())
                .bind("json", write(message)).bind("now", now.toEpochMilli()).execute();
    }

    /** Channels holding events back for the end of their quiet hours. */
    List<String> holding() {
        return jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT channel_id FROM notification_held")
                .mapTo(String.class).list());
    }

    /**
     * Takes every event the channel held and stores the messages {@code render} makes of them, in one
     * transaction; a row another worker took first is left out. Answers how many messages were written.
     */
    int release(String channelId, Instant now, Function<List<PendingEvent>, List<Message>> render) {
        return jdbi.inTransaction(h -> {
            List<PendingEvent> held = h.createQuery("SELECT id, event, alert_json, created_at FROM notification_held "
                            + "WHERE channel_id = :channel ORDER BY created_at, id").bind("channel", channelId)
                    .map((rs, ctx) -> new PendingEvent(rs.getString("id"), Wired.of(Event.class, rs.getString("event")),
                            read(rs.getString("alert_json"), Notice.class), Instant.ofEpochMilli(rs.getLong("created_at"))))
                    .list();
            List<PendingEvent> taken = new ArrayList<>();
            for (PendingEvent e : held) {
                if (h.createUpdate("DELETE FROM notification_held WHERE id = :id").bind("id", e.id()).execute() == 1) {
                    taken.add(e);
                }
            }
            List<Message> messages = taken.isEmpty() ? List.of() : render.apply(taken);
            messages.forEach(m -> insert(h, channelId, m, now));
            return messages.size();
        });
    }

    /**
     * Claims the channel's digest of {@code day} (an ISO date) and stores it, in one transaction: the
     * conditional update lets one worker, of any instance and after any restart, send a day's digest.
     */
    boolean digest(String channelId, String day, Message message, Instant now) {
        return jdbi.inTransaction(h -> {
            int claimed = h.createUpdate("UPDATE notification_channels SET digest_day = :day WHERE id = :id "
                    + "AND (digest_day IS NULL OR digest_day < :day)").bind("day", day).bind("id", channelId).execute();
            if (claimed == 1) {
                insert(h, channelId, message, now);
            }
            return claimed == 1;
        });
    }

    /** Keeps a rate-limited channel's other waiting messages behind the limit too, so they stay in order. */
    void holdChannel(String channelId, Instant until) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE notification_deliveries SET next_attempt_at = :until "
                        + "WHERE channel_id = :channel AND status = 'pending' AND next_attempt_at < :until")
                .bind("until", until.toEpochMilli()).bind("channel", channelId).execute());
    }

    /** Pending deliveries whose next attempt is due, oldest first, so a channel gets its messages in order. */
    List<Due> due(Instant now, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, channel_id, message_json, attempts, created_at, "
                        + "next_attempt_at FROM notification_deliveries WHERE status = 'pending' AND next_attempt_at <= :now "
                        + "ORDER BY created_at, id LIMIT :limit")
                .bind("now", now.toEpochMilli()).bind("limit", limit)
                .map((rs, ctx) -> new Due(rs.getString("id"), rs.getString("channel_id"),
                        read(rs.getString("message_json"), Message.class), rs.getInt("attempts"),
                        Instant.ofEpochMilli(rs.getLong("created_at")), rs.getLong("next_attempt_at")))
                .list());
    }

    /**
     * Takes a due delivery for one attempt by pushing its next attempt to {@code leaseUntil}: only
     * the worker whose update matched sends it, and a worker that dies mid-send leaves it to be
     * retried when the lease runs out.
     */
    boolean claim(Due d, Instant leaseUntil) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE notification_deliveries SET next_attempt_at = :lease "
                        + "WHERE id = :id AND status = 'pending' AND next_attempt_at = :seen")
                .bind("lease", leaseUntil.toEpochMilli()).bind("id", d.id()).bind("seen", d.nextAttemptAt())
                .execute() == 1);
    }

    /** Stores the result of one attempt: delivered, pending until {@code retryAt}, or failed for good. */
    void attempted(String id, Delivery result, Instant at, Instant retryAt, boolean gaveUp) {
        DeliveryStatus status = result.accepted() ? DeliveryStatus.DELIVERED
                : gaveUp ? DeliveryStatus.FAILED : DeliveryStatus.PENDING;
        jdbi.useHandle(h -> h.createUpdate("UPDATE notification_deliveries SET status = :status, attempts = attempts + 1, "
                        + "last_attempt_at = :at, last_status = :code, last_error = :error, next_attempt_at = :next, "
                        + "delivered_at = :delivered WHERE id = :id")
                .bind("status", status.wire()).bind("at", at.toEpochMilli()).bind("code", result.status())
                .bind("error", result.accepted() ? null : (gaveUp ? "gave up: " : "") + result.answer())
                .bind("next", (retryAt == null ? at : retryAt).toEpochMilli())
                .bind("delivered", result.accepted() ? at.toEpochMilli() : null).bind("id", id).execute());
    }

    /** Gives up on a delivery without another attempt (its channel was disabled past the retry period). */
    void expire(String id, String why) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE notification_deliveries SET status = 'failed', last_error = :why "
                + "WHERE id = :id AND status = 'pending'").bind("why", why).bind("id", id).execute());
    }

    List<DeliveryView> recent(String channelId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM notification_deliveries WHERE channel_id = :channel "
                        + "ORDER BY created_at DESC, id DESC LIMIT :limit")
                .bind("channel", channelId).bind("limit", limit)
                .map((rs, ctx) -> {
                    DeliveryStatus status = Wired.of(DeliveryStatus.class, rs.getString("status"));
                    Integer lastStatus = rs.getInt("last_status");
                    lastStatus = rs.wasNull() ? null : lastStatus;
                    return new DeliveryView(rs.getString("id"), Wired.of(Event.class, rs.getString("event")),
                            rs.getString("title"),
                            rs.getInt("alert_count"), status, rs.getInt("attempts"), lastStatus,
                            rs.getString("last_error"), ChannelStore.instant(rs, "created_at"),
                            ChannelStore.instant(rs, "last_attempt_at"),
                            status == DeliveryStatus.PENDING ? ChannelStore.instant(rs, "next_attempt_at") : null,
                            ChannelStore.instant(rs, "delivered_at"));
                }).list());
    }

    Map<String, Long> pendingByChannel() {
        Map<String, Long> out = new java.util.HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT channel_id, COUNT(*) AS n FROM notification_deliveries "
                        + "WHERE status = 'pending' GROUP BY channel_id")
                .map((rs, ctx) -> Map.entry(rs.getString("channel_id"), rs.getLong("n")))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    /** Brings a channel's waiting deliveries forward: its settings changed, so the next try may work. */
    void retrySoon(String channelId, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE notification_deliveries SET next_attempt_at = :now "
                        + "WHERE channel_id = :channel AND status = 'pending' AND next_attempt_at > :now")
                .bind("now", now.toEpochMilli()).bind("channel", channelId).execute());
    }

    Map<String, Instant> reminderMarks(String channelId) {
        Map<String, Instant> out = new java.util.HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT alert_id, last_sent_at FROM notification_reminders "
                        + "WHERE channel_id = :channel").bind("channel", channelId)
                .map((rs, ctx) -> Map.entry(rs.getString("alert_id"), Instant.ofEpochMilli(rs.getLong("last_sent_at"))))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    /** Stores a reminder message and marks its alerts as reminded now, in one transaction. */
    void remind(String channelId, Message message, Instant now) {
        jdbi.useTransaction(h -> {
            for (Notice n : message.notices()) {
                h.createUpdate("DELETE FROM notification_reminders WHERE channel_id = :channel AND alert_id = :alert")
                        .bind("channel", channelId).bind("alert", n.alertId()).execute();
                h.createUpdate("INSERT INTO notification_reminders (channel_id, alert_id, last_sent_at) "
                                + "VALUES (:channel, :alert, :now)")
                        .bind("channel", channelId).bind("alert", n.alertId()).bind("now", now.toEpochMilli()).execute();
            }
            insert(h, channelId, message, now);
        });
    }

    /** Forgets batched events, finished deliveries and reminder marks of alerts no longer open. */
    void purge(Instant eventsBefore, Instant deliveriesBefore, List<String> openAlertIds) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM notification_events WHERE batched_at IS NOT NULL AND batched_at < :t")
                    .bind("t", eventsBefore.toEpochMilli()).execute();
            h.createUpdate("DELETE FROM notification_deliveries WHERE status <> 'pending' AND created_at < :t")
                    .bind("t", deliveriesBefore.toEpochMilli()).execute();
            if (openAlertIds.isEmpty()) {
                h.createUpdate("DELETE FROM notification_reminders").execute();
            } else {
                h.createUpdate("DELETE FROM notification_reminders WHERE alert_id NOT IN (<ids>)")
                        .bindList("ids", openAlertIds).execute();
            }
        });
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an outbox row cannot be read", e);
        }
    }
}
