package dev.aperture.ui;

import dev.aperture.notify.ChannelType;
import dev.aperture.notify.ChannelView;
import dev.aperture.notify.DeliveryView;
import dev.aperture.notify.NotificationRoutes;
import dev.aperture.web.BadRequest;
import dev.aperture.web.PageGroup;
import dev.aperture.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Notifications: the channels with their rules, health and deliveries; add, edit, delete, Test. */
final class NotificationPages implements PageGroup {

    private final Frame frame;
    private final NotificationRoutes channels;

    NotificationPages(Frame frame, NotificationRoutes channels) {
        this.frame = frame;
        this.channels = channels;
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/notifications", this::list);
        r.get("/notifications/new", ctx -> {
            ChannelType type = ChannelEditor.type(Requests.query(ctx, "type").orElse("webhook"));
            form(ctx, ChannelEditor.blank(type, channels.settings(type), channels.takesHeaders(type)), List.of());
        });
        r.post("/notifications", ctx -> {
            ChannelType type = ChannelEditor.type(Requests.query(ctx, "type").orElse(""));
            save(ctx, ChannelEditor.blank(type, channels.settings(type), channels.takesHeaders(type)));
        });
        r.get("/notifications/{id}", ctx -> {
            ChannelEditor editor = editor(channels.channel(ctx.pathParam("id")));
            form(ctx, editor, channels.deliveries(editor.id(), 20));
        });
        r.post("/notifications/{id}", ctx -> save(ctx, editor(channels.channel(ctx.pathParam("id")))));
        r.post("/notifications/{id}/delete", ctx -> {
            ChannelView gone = channels.channel(ctx.pathParam("id"));
            channels.delete(gone.id());
            Frame.flash(ctx, "Channel \"" + gone.name() + "\" deleted.");
            Frame.go(ctx, "/notifications");
        });
        r.post("/notifications/{id}/test", ctx -> {
            NotificationRoutes.TestResult result = channels.test(ctx.pathParam("id"));
            // The channel's status and deliveries may have changed: htmx refreshes them out of band.
            ChannelView after = channels.channel(ctx.pathParam("id"));
            frame.fragment(ctx, "tag/channeltest.jte", Map.of("result", result, "channel", after));
        });
    }

    private void list(Context ctx) {
        List<ChannelView> all = channels.channels();
        Map<String, List<DeliveryView>> deliveries = new LinkedHashMap<>();
        all.forEach(c -> deliveries.put(c.id(), channels.deliveries(c.id(), 5)));
        frame.page(ctx, "notifications.jte", "Notifications", "notifications", Map.of("channels", all,
                "deliveries", deliveries, "types", Arrays.stream(ChannelType.values()).map(ChannelType::wire).toList()));
    }

    private void form(Context ctx, ChannelEditor editor, List<DeliveryView> deliveries) {
        Map<String, Object> params = new HashMap<>();
        params.put("editor", editor);
        params.put("deliveries", deliveries);
        String title = editor.id() == null ? "New " + editor.type() + " channel" : editor.name();
        frame.page(ctx, "channel.jte", title, "notifications", params);
    }

    private void save(Context ctx, ChannelEditor editor) {
        try {
            ChannelView saved = editor.id() == null ? channels.create(editor.body(ctx))
                    : channels.update(editor.id(), editor.body(ctx));
            Frame.flash(ctx, "Channel \"" + saved.name() + "\" saved. Use Test to send it a sample message.");
            Frame.go(ctx, "/notifications#channel-" + saved.id());
        } catch (BadRequest e) {
            ctx.status(400);
            form(ctx, editor.rejected(ctx, e), editor.id() == null ? List.of() : channels.deliveries(editor.id(), 20));
        }
    }

    private ChannelEditor editor(ChannelView v) {
        ChannelType type = v.type();
        return ChannelEditor.of(v, channels.settings(type), channels.takesHeaders(type));
    }
}
