package dev.aperture.notify;

import dev.aperture.calls.Severity;
import dev.aperture.web.BadRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Apprise API server, the gateway to a hundred services: {@code POST /notify/<key>} sends to the URLs
 * saved under that key on the server (stateful); {@code POST /notify} with {@code urls} sends to the URLs
 * given (stateless). Both the key and the URLs are secrets: the URLs carry every service's credentials,
 * and the key lets anyone send through them.
 */
final class AppriseChannel implements Channel {

    private static final Setting URL = Setting.required("url", Setting.Kind.URL);
    private static final Setting KEY = Setting.optional("key", Setting.Kind.SECRET, "");
    private static final Setting URLS = Setting.optional("urls", Setting.Kind.SECRET, "");
    private static final Setting TAG = Setting.optional("tag", Setting.Kind.TEXT, "");

    private final HttpPost http;

    AppriseChannel(HttpPost http) {
        this.http = http;
    }

    @Override
    public ChannelType type() {
        return ChannelType.APPRISE;
    }

    @Override
    public List<Setting> settings() {
        return List.of(URL, KEY, URLS, TAG);
    }

    @Override
    public void check(ChannelSettings settings) {
        boolean key = settings.has(KEY);
        boolean urls = settings.has(URLS);
        if (key == urls) {
            throw new BadRequest(key ? "settings.urls" : "settings.key", key
                    ? "must be empty when a key is set: give either a key (stateful) or urls (stateless)"
                    : "is required unless urls are given (stateless)");
        }
        if (key && !settings.secret(KEY.name()).reveal().matches("[A-Za-z0-9_-]{1,128}")) {
            throw new BadRequest("settings.key", "must be letters, digits, - and _ (the key of the Apprise "
                    + "configuration)");
        }
    }

    @Override
    public Delivery send(ChannelSettings settings, Message message) {
        String base = ChannelUrls.base(settings.value(URL.name())) + "/notify";
        Map<String, Object> body = new LinkedHashMap<>();
        boolean stateless = settings.has(URLS);
        if (stateless) {
            body.put("urls", settings.secret(URLS.name()).reveal());
        }
        body.put("title", message.headline());
        body.put("body", message.plainText());
        body.put("type", type(message));
        body.put("format", "text");
        settings.optional(TAG.name()).ifPresent(t -> body.put("tag", t));
        URI uri = URI.create(stateless ? base : base + "/" + ChannelUrls.segment(settings.secret(KEY.name()).reveal()));
        return http.send("POST", uri, Map.of(), HttpPost.JSON, http.body(body), this::judge);
    }

    /** Apprise's four notification types: resolved (and a clear digest) is success, else by severity. */
    static String type(Message message) {
        if (message.event() == Event.RESOLVED || message.event() == Event.DIGEST && message.notices().isEmpty()) {
            return "success";
        }
        Severity top = message.topSeverity();
        return switch (top) {
            case ERROR -> "failure";
            case WARNING -> "warning";
            case INFO -> "info";
        };
    }

    /**
     * apprise-api's notify views (caronc/apprise-api, apprise_api/api/views.py, NotifyView and
     * StatelessNotifyView) answer 200 with plain text (the delivery log, or "Notification(s) sent.") when every
     * service took the message, 204 when the key holds no configuration or no URLs were given, 424 when one or
     * more services failed and 400 for a payload they refuse; to a JSON request the failures carry
     * {"error": "..."}. A 401/403 comes from a proxy guarding the server; a 429 with Retry-After is honoured.
     */
    Delivery judge(HttpPost.Reply reply) {
        String where = reply.where();
        int s = reply.status();
        if (s == 204) {
            return new Delivery.Rejected(s, where + " has no notification URLs under this key (204): add some in "
                    + "the Apprise configuration");
        }
        if (s == 424) {
            return new Delivery.Rejected(s, where + " could not deliver to one or more of its services (424): "
                    + reason(reply));
        }
        if (s == 401 || s == 403) {
            return new Delivery.Refused(s, where + " refused the request (" + s + "): check the credentials of the "
                    + "proxy in front of Apprise");
        }
        if (s == 429) {
            return new Delivery.Throttled(s, where + " asked to slow down (429)", HttpPost.retryAfter(reply));
        }
        return HttpPost.judge(reply);
    }

    /** The {@code error} of a JSON answer, else the start of the body as it came. */
    private String reason(HttpPost.Reply reply) {
        String error = http.tree(reply.body()).path("error").asText("");
        return HttpPost.excerpt(error.isBlank() ? reply.body() : error);
    }
}
