package dev.aperture.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Releases what a channel's quiet hours held back once its window is over (or quiet hours were
 * switched off): one batch, in which an alert that opened and resolved while it waited is one line
 * saying so rather than two messages.
 */
final class QuietHours {

    private final Outbox outbox;
    private final Supplier<String> publicUrl;

    QuietHours(Outbox outbox, Supplier<String> publicUrl) {
        this.outbox = outbox;
        this.publicUrl = publicUrl;
    }

    /** Answers how many messages were queued. */
    int release(List<ChannelConfig> all, Instant now) {
        Map<String, ChannelConfig> byId = new LinkedHashMap<>();
        all.forEach(c -> byId.put(c.id(), c));
        int written = 0;
        for (String channelId : outbox.holding()) {
            ChannelConfig c = byId.get(channelId);
            if (c == null || !c.enabled() || c.rules().quiet() != null && c.rules().quiet().inside(now)) {
                continue;
            }
            written += outbox.release(channelId, now, held -> messages(c, held, now));
        }
        return written;
    }

    List<Message> messages(ChannelConfig c, List<Outbox.PendingEvent> held, Instant now) {
        // Per alert, in the order its events happened: an opening, a resolution, or an opening then resolved.
        Map<String, Notice> opened = new LinkedHashMap<>();
        Map<String, Notice> resolved = new LinkedHashMap<>();
        for (Outbox.PendingEvent e : held) {
            Notice n = e.notice();
            if (e.event() == Event.OPENED) {
                opened.put(n.alertId(), n);
            } else if (opened.containsKey(n.alertId())) {
                Notice o = opened.get(n.alertId());
                opened.put(n.alertId(), new Notice(o.alertId(), o.service(), o.type(), o.severity(), o.title(),
                        o.message(), o.action(), n.count(), o.firstSeenAt(), n.lastSeenAt(), n.resolvedAt()));
            } else {
                resolved.put(n.alertId(), n);
            }
        }
        List<Message> out = new ArrayList<>();
        if (!opened.isEmpty()) {
            out.add(new Message(Event.OPENED, List.copyOf(opened.values()), now, publicUrl.get(), false));
        }
        if (!resolved.isEmpty() && c.rules().sendResolved()) {
            out.add(new Message(Event.RESOLVED, List.copyOf(resolved.values()), now, publicUrl.get(), false));
        }
        return out;
    }
}
