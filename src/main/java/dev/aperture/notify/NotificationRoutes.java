package dev.aperture.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aperture.store.Ids;
import dev.aperture.web.Api;
import dev.aperture.web.BadRequest;
import dev.aperture.web.Json;
import dev.aperture.web.NotFound;
import dev.aperture.web.Requests;
import dev.aperture.web.RouteGroup;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

/** Notification channels over REST: CRUD, the Test button, and each channel's recent deliveries. */
final class NotificationRoutes implements RouteGroup {

    record TestResult(boolean ok, Integer status, String message) {}

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
        api.get(base, ctx -> {
            Map<String, Long> pending = outbox.pendingByChannel();
            ctx.json(Map.of("channels", store.all().stream()
                    .map(c -> ChannelView.of(c, channels.get(c.type()), pending.getOrDefault(c.id(), 0L))).toList()));
        });
        api.post(base, ctx -> {
            ObjectNode body = Json.object(ctx);
            String typeName = ChannelForm.text(body, "type").orElseThrow(() -> new BadRequest("type",
                    "is required: one of " + types()));
            ChannelType type = ChannelType.parse(typeName.trim())
                    .orElseThrow(() -> new BadRequest("type", "must be one of " + types()));
            ChannelConfig blank = new ChannelConfig(Ids.next(), type.wire(), type, true, ChannelSettings.empty(),
                    Rules.defaults(), ChannelConfig.Health.fresh(clock.instant()));
            ChannelConfig created = ChannelForm.apply(channels.get(type), blank, body);
            store.insert(created);
            ctx.status(201).json(view(created.id()));
        });
        api.get(base + "/{id}", ctx -> ctx.json(view(channel(ctx).id())));
        api.put(base + "/{id}", ctx -> {
            ChannelConfig current = channel(ctx);
            ObjectNode body = Json.object(ctx);
            ChannelForm.text(body, "type").filter(t -> !t.trim().equalsIgnoreCase(current.type().wire()))
                    .ifPresent(t -> {
                        throw new BadRequest("type", "cannot change (create a new channel instead)");
                    });
            store.update(ChannelForm.apply(channels.get(current.type()), current, body));
            outbox.retrySoon(current.id(), clock.instant());
            ctx.json(view(current.id()));
        });
        api.delete(base + "/{id}", ctx -> {
            if (!store.delete(ctx.pathParam("id"))) {
                throw new NotFound("no notification channel with id " + ctx.pathParam("id"));
            }
            ctx.status(204);
        });
        api.post(base + "/{id}/test", ctx -> {
            ChannelConfig c = channel(ctx);
            Delivery answer = worker.send(c, Message.sample(clock.instant(), publicUrl.get()));
            ctx.json(new TestResult(answer.accepted(), answer.status(), answer.answer()));
        });
        api.get(base + "/{id}/deliveries", ctx -> ctx.json(Map.of("deliveries",
                outbox.recent(channel(ctx).id(), Requests.limit(ctx, 50, 500)))));
    }

    private ChannelView view(String id) {
        ChannelConfig c = store.find(id).orElseThrow(() -> new NotFound("no notification channel with id " + id));
        return ChannelView.of(c, channels.get(c.type()), outbox.pendingByChannel().getOrDefault(id, 0L));
    }

    private ChannelConfig channel(Context ctx) {
        String id = ctx.pathParam("id");
        return store.find(id).orElseThrow(() -> new NotFound("no notification channel with id " + id));
    }

    private static String types() {
        return String.join(", ", Arrays.stream(ChannelType.values()).map(ChannelType::wire).toList());
    }
}
