package dev.aperture.notify;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Slack incoming webhook: {@code text} (the notification preview and the fallback) plus Block
 * Kit blocks: a header, then a section and a context line per alert. Slack caps a message at 50
 * blocks, so a batch lists at most {@value Message#LISTED} alerts. The URL carries its token.
 */
final class SlackChannel implements Channel {

    private final HttpPost http;

    SlackChannel(HttpPost http) {
        this.http = http;
    }

    @Override
    public ChannelType type() {
        return ChannelType.SLACK;
    }

    @Override
    public List<Setting> settings() {
        return List.of(Setting.required("url", Setting.Kind.SECRET_URL));
    }

    @Override
    public Delivery send(ChannelSettings settings, Message message) {
        return http.json(URI.create(settings.secret("url").reveal()), Map.of(), payload(message));
    }

    static Map<String, Object> payload(Message message) {
        List<Object> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "header", "text", Map.of("type", "plain_text", "text", message.headline())));
        List<Notice> notices = message.event() == Event.DIGEST ? List.of() : message.notices();
        if (message.event() == Event.DIGEST) {
            // Slack caps a section's text at 3000 characters.
            String text = escape(message.plainText());
            blocks.add(Map.of("type", "section", "text", Map.of("type", "mrkdwn",
                    "text", text.length() > 3000 ? text.substring(0, 2999) + "…" : text)));
        }
        for (Notice n : notices.subList(0, Math.min(Message.LISTED, notices.size()))) {
            String icon = message.event() == Event.RESOLVED ? ":white_check_mark:" : switch (n.severity()) {
                case ERROR -> ":red_circle:";
                case WARNING -> ":large_yellow_circle:";
                case INFO -> ":large_blue_circle:";
            };
            String text = icon + " *<" + message.link(n) + "|" + escape(message.label(n) + n.title()) + ">*\n"
                    + escape(n.message())
                    + (message.event() == Event.RESOLVED || n.action().isBlank() ? ""
                    : "\n_Action:_ " + escape(n.action()));
            blocks.add(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", text)));
            blocks.add(Map.of("type", "context", "elements", List.of(Map.of("type", "mrkdwn", "text",
                    n.serviceName() + " · " + n.severity().wire() + " · " + n.count() + " occurrence"
                            + (n.count() == 1 ? "" : "s") + " · first seen " + n.firstSeenAt()))));
        }
        if (notices.size() > Message.LISTED) {
            blocks.add(Map.of("type", "context", "elements", List.of(Map.of("type", "mrkdwn", "text",
                    "… and " + (notices.size() - Message.LISTED) + " more in <" + message.publicUrl()
                            + "/alerts|Aperture>"))));
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("text", message.headline());
        p.put("blocks", blocks);
        return p;
    }

    /** Slack's mrkdwn treats &, < and > as control characters. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
