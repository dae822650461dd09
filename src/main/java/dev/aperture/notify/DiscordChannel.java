package dev.aperture.notify;

import dev.aperture.calls.Severity;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Discord webhook: {@code content} with the headline and one embed per alert, coloured by
 * severity (green when resolved). Discord takes at most 10 embeds, so a larger batch lists 9 and
 * says how many more. The webhook URL carries its token, so it is a secret.
 */
final class DiscordChannel implements Channel {

    static final int RED = 0xE74C3C;
    static final int YELLOW = 0xF1C40F;
    static final int BLUE = 0x3498DB;
    static final int GREEN = 0x2ECC71;

    private static final Setting URL = Setting.required("url", Setting.Kind.SECRET_URL);
    private static final Setting USERNAME = Setting.optional("username", Setting.Kind.TEXT, "Aperture");

    private final HttpPost http;

    DiscordChannel(HttpPost http) {
        this.http = http;
    }

    @Override
    public ChannelType type() {
        return ChannelType.DISCORD;
    }

    @Override
    public List<Setting> settings() {
        return List.of(URL, USERNAME);
    }

    @Override
    public Delivery send(ChannelSettings settings, Message message) {
        return http.json(URI.create(settings.secret(URL.name()).reveal()), Map.of(),
                payload(message, settings.value(USERNAME)));
    }

    static Map<String, Object> payload(Message message, String username) {
        if (message.event() == Event.DIGEST) {
            // Discord caps content at 2000 characters; the digest's text is a list, not alerts to embed.
            String text = "**" + message.headline() + "**\n" + message.plainText();
            return Map.of("username", username, "content", text.length() > 2000 ? text.substring(0, 1999) + "…" : text,
                    "allowed_mentions", Map.of("parse", List.of()));
        }
        List<Notice> notices = message.notices();
        int shown = notices.size() > 10 ? 9 : notices.size();
        String content = "**" + message.headline() + "**";
        if (shown < notices.size()) {
            content += "\n… and " + (notices.size() - shown) + " more: " + message.publicUrl() + "/alerts";
        }
        List<Map<String, Object>> embeds = new ArrayList<>();
        for (Notice n : notices.subList(0, shown)) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("title", message.label(n) + n.title());
            e.put("description", n.message() + (message.event() == Event.RESOLVED || n.action().isBlank()
                    ? "" : "\n**Action:** " + n.action()));
            e.put("url", message.link(n));
            e.put("color", message.event() == Event.RESOLVED ? GREEN : colour(n.severity()));
            e.put("fields", List.of(
                    Map.of("name", "Service", "value", n.serviceName(), "inline", true),
                    Map.of("name", "Severity", "value", n.severity().wire(), "inline", true),
                    Map.of("name", "Count", "value", String.valueOf(n.count()), "inline", true)));
            e.put("timestamp", (n.resolvedAt() != null ? n.resolvedAt() : n.lastSeenAt()).toString());
            embeds.add(e);
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("username", username);
        p.put("content", content);
        p.put("embeds", embeds);
        p.put("allowed_mentions", Map.of("parse", List.of()));
        return p;
    }

    static int colour(Severity severity) {
        return switch (severity) {
            case ERROR -> RED;
            case WARNING -> YELLOW;
            case INFO -> BLUE;
        };
    }
}
