package dev.aperture.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Pushover {@code POST /1/messages.json}, form-encoded: the application token and the user (or group)
 * key are both secrets. Priority follows severity (error 1 = high, warning 0 = normal, info −1 = low,
 * resolved −1); 2 (emergency) is left out because it needs an acknowledgement Aperture cannot give.
 */
final class PushoverChannel implements Channel {

    private static final Setting URL = Setting.optional("url", Setting.Kind.URL, "https://api.pushover.net");
    private static final Setting TOKEN = Setting.required("token", Setting.Kind.SECRET);
    private static final Setting USER = Setting.required("user", Setting.Kind.SECRET);
    /** Pushover's limits (pushover.net/api#limits): title 250 characters, message 1024, URL 512. */
    private static final int TITLE = 250;
    private static final int MESSAGE = 1024;

    private final HttpPost http;

    PushoverChannel(HttpPost http) {
        this.http = http;
    }

    @Override
    public ChannelType type() {
        return ChannelType.PUSHOVER;
    }

    @Override
    public List<Setting> settings() {
        return List.of(URL, TOKEN, USER);
    }

    @Override
    public Delivery send(ChannelSettings settings, Message message) {
        URI uri = URI.create(ChannelUrls.base(settings.value(URL)) + "/1/messages.json");
        return http.send("POST", uri, Map.of(), HttpPost.FORM, form(fields(message, settings)), this::judge);
    }

    static Map<String, String> fields(Message message, ChannelSettings settings) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("token", settings.secret(TOKEN.name()).reveal());
        f.put("user", settings.secret(USER.name()).reveal());
        f.put("title", cut(message.headline(), TITLE));
        f.put("message", cut(message.plainText(), MESSAGE));
        f.put("priority", String.valueOf(priority(message)));
        f.put("url", message.notices().size() == 1 ? message.link(message.notices().get(0))
                : message.publicUrl() + "/alerts");
        f.put("url_title", "Open in Aperture");
        return f;
    }

    static int priority(Message message) {
        if (message.event() == Event.RESOLVED || message.event() == Event.DIGEST) {
            return -1;
        }
        return switch (message.topSeverity()) {
            case ERROR -> 1;
            case WARNING -> 0;
            case INFO -> -1;
        };
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static String cut(String s, int max) {
        return s.length() > max ? s.substring(0, max - 1) + "…" : s;
    }

    /**
     * Pushover answers {@code {"status":1,"request":…}} when it took the message, else a 4xx with
     * {@code "status":0} and {@code errors}, plus {@code "token":"invalid"} or {@code "user":"invalid"} for
     * a bad key (pushover.net/api#response). 429 means the application's monthly messages are used up;
     * {@code X-Limit-App-Reset} says when they come back, as a Unix time (pushover.net/api#limits).
     */
    private Delivery judge(HttpPost.Reply reply) {
        JsonNode body = http.tree(reply.body());
        String where = reply.where();
        int s = reply.status();
        if (s >= 200 && s < 300 && body.path("status").asInt(0) == 1) {
            return new Delivery.Accepted(s, where + " accepted the message (request " + body.path("request").asText("?")
                    + ")");
        }
        String errors = errors(body);
        if (s == 429) {
            String reset = reply.header("X-Limit-App-Reset").trim();
            Instant at = reset.matches("\\d{1,12}") ? Instant.ofEpochSecond(Long.parseLong(reset))
                    : HttpPost.retryAfter(reply);
            return new Delivery.Throttled(429, where + " refused the message: the application's monthly message "
                    + "limit is reached" + (errors.isEmpty() ? "" : " (" + errors + ")"), at);
        }
        boolean badKey = "invalid".equals(body.path("token").asText()) || "invalid".equals(body.path("user").asText());
        if (badKey || s == 401 || s == 403) {
            return new Delivery.Refused(s, where + " refused the " + ("invalid".equals(body.path("user").asText())
                    ? "user key" : "application token") + " (" + s + (errors.isEmpty() ? "" : ": " + errors) + ")");
        }
        if (!errors.isEmpty()) {
            return new Delivery.Rejected(s, where + " answered " + s + ": " + errors);
        }
        return HttpPost.judge(reply);
    }

    private static String errors(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.path("errors").forEach(e -> out.add(e.asText()));
        return HttpPost.excerpt(String.join("; ", out));
    }
}
