package dev.aperture.notify;

import dev.aperture.calls.Severity;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ntfy: the admin gives the topic URL ({@code https://ntfy.sh/my-topic}); Aperture uses ntfy's
 * JSON publishing (POST to the server root with the topic in the body), which carries a title
 * and message in any language where the header form is limited to ASCII. Priority and tags follow
 * the highest severity; an access token is sent as a bearer token.
 */
final class NtfyChannel implements Channel {

    private final HttpPost http;

    NtfyChannel(HttpPost http) {
        this.http = http;
    }

    @Override
    public ChannelType type() {
        return ChannelType.NTFY;
    }

    @Override
    public List<Setting> settings() {
        return List.of(Setting.required("url", Setting.Kind.URL), Setting.optional("token", Setting.Kind.SECRET, ""));
    }

    @Override
    public Delivery send(ChannelSettings settings, Message message) {
        URI topicUrl = URI.create(settings.value("url"));
        Map<String, String> headers = new LinkedHashMap<>();
        if (!settings.secret("token").isEmpty()) {
            headers.put("Authorization", "Bearer " + settings.secret("token").reveal());
        }
        return http.json(server(topicUrl), headers, payload(message, topic(topicUrl)));
    }

    static Map<String, Object> payload(Message message, String topic) {
        boolean resolved = message.event() == Event.RESOLVED;
        Severity severity = message.topSeverity();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("topic", topic);
        p.put("title", message.headline());
        p.put("message", message.plainText());
        p.put("priority", resolved ? 2 : switch (severity) {
            case ERROR -> 4;
            case WARNING -> 3;
            case INFO -> 2;
        });
        p.put("tags", List.of(resolved ? "white_check_mark" : switch (severity) {
            case ERROR -> "rotating_light";
            case WARNING -> "warning";
            case INFO -> "information_source";
        }, "aperture"));
        p.put("click", message.notices().size() == 1 ? message.link(message.notices().get(0))
                : message.publicUrl() + "/alerts");
        return p;
    }

    static String topic(URI topicUrl) {
        String path = topicUrl.getPath() == null ? "" : topicUrl.getPath().replaceAll("/+$", "");
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static URI server(URI topicUrl) {
        String path = topicUrl.getPath() == null ? "" : topicUrl.getPath().replaceAll("/+$", "");
        String base = path.substring(0, path.lastIndexOf('/') + 1);
        return topicUrl.resolve(base.isEmpty() ? "/" : base);
    }
}
