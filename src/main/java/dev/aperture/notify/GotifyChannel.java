package dev.aperture.notify;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gotify: POST {@code <server>/message} with the application token in {@code X-Gotify-Key} (a
 * header rather than {@code ?token=}, so it never lands in a proxy's access log), JSON title,
 * message and priority, and a click URL for the Android app.
 */
final class GotifyChannel implements Channel {

    private final HttpPost http;

    GotifyChannel(HttpPost http) {
        this.http = http;
    }

    @Override
    public ChannelType type() {
        return ChannelType.GOTIFY;
    }

    @Override
    public List<Setting> settings() {
        return List.of(Setting.required("url", Setting.Kind.URL), Setting.required("token", Setting.Kind.SECRET));
    }

    @Override
    public Delivery send(ChannelSettings settings, Message message) {
        String base = settings.value("url").replaceAll("/+$", "");
        return http.json(URI.create(base + "/message"), Map.of("X-Gotify-Key", settings.secret("token").reveal()),
                payload(message));
    }

    static Map<String, Object> payload(Message message) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("title", message.headline());
        p.put("message", message.plainText());
        p.put("priority", message.event() == Event.RESOLVED ? 2 : switch (message.topSeverity()) {
            case ERROR -> 8;
            case WARNING -> 5;
            case INFO -> 3;
        });
        String click = message.notices().size() == 1 ? message.link(message.notices().get(0))
                : message.publicUrl() + "/alerts";
        p.put("extras", Map.of("client::notification", Map.of("click", Map.of("url", click))));
        return p;
    }
}
