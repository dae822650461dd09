package dev.aperture.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aperture.store.Ids;
import dev.aperture.store.Wired;
import dev.aperture.web.Api;
import dev.aperture.web.BadRequest;
import dev.aperture.web.Json;
import dev.aperture.web.NotFound;
import dev.aperture.web.Requests;
import dev.aperture.web.RouteGroup;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** Notification channels over REST: CRUD, the Test button, and each channel's recent deliveries. */
public final class NotificationRoutes implements RouteGroup {

    /** What the receiver of a test message answered: its HTTP status (null when nothing answered) and words. */
    public record TestResult(boolean ok, Integer status, String message) {}

    private final Channels channels;
    private final ChannelStore store;
    private final Outbox outbox;
    private final NotificationWorker worker;
    private final Clock clock;
    private final Supplier<String> publicUrl;

    NotificationRoutes(Channels channels, ChannelStore store, Outbox outbox, NotificationWorker worker, Clock clock,
                       Supplier<String> publicUrl) {
        this.channels = channels;
        this.store = store;
        this.outbox = outbox;
        this.worker = worker;
        this.clock = clock;
        this.publicUrl = publicUrl;
    }

    @Override
    public void register(Api api) {
        String base = "/api/notifications/channels";
        api.get(base, ctx -> ctx.json(Map.of("channels", channels())));
        api.post(base, ctx -> ctx.status(201).json(create(Json.object(ctx))));
        api.get(base + "/{id}", ctx -> ctx.json(channel(ctx.pathParam("id"))));
        api.put(base + "/{id}", ctx -> ctx.json(update(ctx.pathParam("id"), Json.object(ctx))));
        api.delete(base + "/{id}", ctx -> {
            delete(ctx.pathParam("id"));
            ctx.status(204);
        });
        api.post(base + "/{id}/test", ctx -> ctx.json(test(ctx.pathParam("id"))));
        api.get(base + "/{id}/deliveries", ctx -> ctx.json(Map.of("deliveries",
                deliveries(ctx.pathParam("id"), Requests.limit(ctx, 50, 500)))));
    }

    // The operations below are public so the Notifications page uses exactly what the API uses.

    public List<ChannelView> channels() {
        Map<String, Long> pending = outbox.pendingByChannel();
        return store.all().stream()
                .map(c -> ChannelView.of(c, channels.get(c.type()), pending.getOrDefault(c.id(), 0L))).toList();
    }

    /** @throws NotFound for an unknown id */
    public ChannelView channel(String id) {
        ChannelConfig c = find(id);
        return ChannelView.of(c, channels.get(c.type()), outbox.pendingByChannel().getOrDefault(id, 0L));
    }

    /** @throws BadRequest naming the field, as {@code POST /api/notifications/channels} answers 400 */
    public ChannelView create(ObjectNode body) {
        String typeName = ChannelForm.text(body, "type").orElseThrow(() -> new BadRequest("type",
                "is required: one of " + types()));
        ChannelType type = Wired.fromWire(ChannelType.class, typeName.trim().toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new BadRequest("type", "must be one of " + types()));
        ChannelConfig blank = new ChannelConfig(Ids.next(clock.instant()), type.wire(), type, true,
                ChannelSettings.empty(), Rules.defaults(), ChannelConfig.Health.fresh(clock.instant()));
        ChannelConfig created = ChannelForm.apply(channels.get(type), blank, body);
        store.insert(created);
        return channel(created.id());
    }

    /** @throws BadRequest naming the field; NotFound for an unknown id */
    public ChannelView update(String id, ObjectNode body) {
        ChannelConfig current = find(id);
        ChannelForm.text(body, "type").filter(t -> !t.trim().equalsIgnoreCase(current.type().wire()))
                .ifPresent(t -> {
                    throw new BadRequest("type", "cannot change (create a new channel instead)");
                });
        store.update(ChannelForm.apply(channels.get(current.type()), current, body));
        outbox.retrySoon(current.id(), clock.instant());
        return channel(current.id());
    }

    public void delete(String id) {
        if (!store.delete(id)) {
            throw new NotFound("no notification channel with id " + id);
        }
    }

    /** Sends a sample message now, outside the outbox: the receiver's answer, secrets scrubbed. */
    public TestResult test(String id) {
        Delivery answer = worker.send(find(id), Message.sample(clock.instant(), publicUrl.get()),
                "test-" + Ids.next(clock.instant()));
        return new TestResult(answer.accepted(), answer.status(), answer.answer());
    }

    public List<DeliveryView> deliveries(String id, int limit) {
        return outbox.recent(find(id).id(), limit);
    }

    /** A flavour's settings in form order. */
    public List<Setting> settings(ChannelType type) {
        return channels.get(type).settings();
    }

    public boolean takesHeaders(ChannelType type) {
        return channels.get(type).takesHeaders();
    }

    private ChannelConfig find(String id) {
        return store.find(id).orElseThrow(() -> new NotFound("no notification channel with id " + id));
    }

    private static String types() {
        return String.join(", ", Arrays.stream(ChannelType.values()).map(ChannelType::wire).toList());
    }
}
