package dev.aperture.notify;

import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Severity;
import dev.aperture.store.Wired;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Each channel's daily digest: what opened, resolved and is still open in the 24 hours before its time,
 * read from the alerts table (not the outbox, which forgets), so a digest after a restart says the same.
 * A day's digest is claimed in the channel's row before it is queued: sent once, by one instance.
 */
final class DailyDigest {

    /** A digest more than this late (the server was down at its time) is skipped, not sent hours later. */
    static final Duration LATEST = Duration.ofHours(12);

    private final Jdbi jdbi;
    private final Outbox outbox;
    private final Supplier<String> publicUrl;

    DailyDigest(Jdbi jdbi, Outbox outbox, Supplier<String> publicUrl) {
        this.jdbi = jdbi;
        this.outbox = outbox;
        this.publicUrl = publicUrl;
    }

    /** Answers how many digests were queued. */
    int run(List<ChannelConfig> all, Instant now) {
        int written = 0;
        for (ChannelConfig c : all) {
            Rules.Digest digest = c.rules().digest();
            if (!c.enabled() || digest == null) {
                continue;
            }
            LocalDate day = digest.dueDay(now);
            Instant at = digest.sendTime(day);
            // The first digest is the first time to come after the setting was saved, not one hours late.
            if (now.isAfter(at.plus(LATEST)) || at.isBefore(c.health().updatedAt())) {
                continue;
            }
            if (outbox.digest(c.id(), day.toString(), message(c.rules(), at), now)) {
                written++;
            }
        }
        return written;
    }

    /** The digest as of {@code at}: alerts that opened or resolved in the 24 hours before, and those still open. */
    Message message(Rules rules, Instant at) {
        long since = at.minus(Message.DIGEST_SPAN).toEpochMilli();
        List<Notice> notices = jdbi.withHandle(h -> h.createQuery("SELECT id, service, type, severity, title, "
                        + "message, action, occurrences, first_seen_at, last_seen_at, resolved_at FROM alerts "
                        + "WHERE first_seen_at < :until AND ((first_seen_at >= :since) "
                        + "OR (resolved_at >= :since AND resolved_at < :until) "
                        + "OR (resolved_at IS NULL AND dismissed_at IS NULL)) ORDER BY first_seen_at, id")
                .bind("since", since).bind("until", at.toEpochMilli())
                .map((rs, ctx) -> {
                    long resolved = rs.getLong("resolved_at");
                    boolean open = rs.wasNull();
                    return new Notice(rs.getString("id"), rs.getString("service"),
                            Wired.of(ErrorType.class, rs.getString("type")),
                            Wired.of(Severity.class, rs.getString("severity")), rs.getString("title"),
                            rs.getString("message"), rs.getString("action"), rs.getLong("occurrences"),
                            Instant.ofEpochMilli(rs.getLong("first_seen_at")),
                            Instant.ofEpochMilli(rs.getLong("last_seen_at")),
                            open ? null : Instant.ofEpochMilli(resolved));
                }).list());
        return new Message(Event.DIGEST, notices.stream().filter(rules::admits).toList(), at, publicUrl.get(), false);
    }
}
