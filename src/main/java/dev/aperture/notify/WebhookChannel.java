package dev.aperture.notify;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generic webhook: a JSON POST with a versioned payload that scripts can rely on. Fields are
 * only ever added within a version; a change of meaning gets a new {@code version}.
 */
final class WebhookChannel implements Channel {

    static final int VERSION = 1;
    private final HttpPost http;

    WebhookChannel(HttpPost http) {
        this.http = http;
    }

    @Override
    public ChannelType type() {
        return ChannelType.WEBHOOK;
    }

    @Override
    public List<Setting> settings() {
        return List.of(Setting.required("url", Setting.Kind.URL));
    }

    @Override
    public boolean takesHeaders() {
        return true;
    }

    @Override
    public Delivery send(ChannelSettings settings, Message message) {
        Map<String, String> headers = new LinkedHashMap<>();
        settings.headers().forEach((k, v) -> headers.put(k, v.reveal()));
        headers.put("X-Aperture-Event", message.event().wire());
        return http.json(URI.create(settings.value("url")), headers, payload(message));
    }

    static Map<String, Object> payload(Message message) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("version", VERSION);
        p.put("event", message.event().wire());
        p.put("test", message.test());
        p.put("title", message.headline());
        p.put("createdAt", message.createdAt().toString());
        p.put("alerts", message.notices().stream().map(n -> alert(message, n)).toList());
        return p;
    }

    private static Map<String, Object> alert(Message message, Notice n) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("dedupKey", n.dedupKey());
        a.put("alertId", n.alertId());
        a.put("service", n.service());
        a.put("serviceName", n.serviceName());
        a.put("type", n.type().wire());
        a.put("severity", n.severity().wire());
        a.put("title", n.title());
        a.put("message", n.message());
        a.put("action", n.action());
        a.put("count", n.count());
        a.put("firstSeenAt", iso(n.firstSeenAt()));
        a.put("lastSeenAt", iso(n.lastSeenAt()));
        a.put("resolvedAt", iso(n.resolvedAt()));
        a.put("link", message.link(n));
        return a;
    }

    private static String iso(Instant i) {
        return i == null ? null : i.toString();
    }
}
