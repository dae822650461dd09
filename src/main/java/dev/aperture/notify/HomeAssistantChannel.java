package dev.aperture.notify;

import dev.aperture.web.BadRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Home Assistant's REST API: {@code POST /api/services/notify/<service>} with a long-lived access token
 * (profile → Security) as a bearer token, JSON {@code title} and {@code message}. Any notify service
 * works: the companion app's {@code mobile_app_<phone>}, a group, persistent_notification.
 */
final class HomeAssistantChannel implements Channel {

    private static final Setting URL = Setting.required("url", Setting.Kind.URL);
    private static final Setting TOKEN = Setting.required("token", Setting.Kind.SECRET);
    private static final Setting SERVICE = Setting.required("service", Setting.Kind.TEXT);

    private final HttpPost http;

    HomeAssistantChannel(HttpPost http) {
        this.http = http;
    }

    @Override
    public ChannelType type() {
        return ChannelType.HOME_ASSISTANT;
    }

    @Override
    public List<Setting> settings() {
        return List.of(URL, TOKEN, SERVICE);
    }

    @Override
    public void check(ChannelSettings settings) {
        if (!service(settings).matches("[a-z0-9_]{1,100}")) {
            throw new BadRequest("settings.service", "must be a notify service name such as mobile_app_pixel_8 "
                    + "(lower-case letters, digits and _)");
        }
    }

    /** The service as Developer tools shows it ({@code notify.mobile_app_x}) or without its domain. */
    private static String service(ChannelSettings settings) {
        String s = settings.value(SERVICE.name());
        return s.startsWith("notify.") ? s.substring("notify.".length()) : s;
    }

    @Override
    public Delivery send(ChannelSettings settings, Message message) {
        URI uri = URI.create(ChannelUrls.base(settings.value(URL.name())) + "/api/services/notify/"
                + ChannelUrls.segment(service(settings)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", message.headline());
        body.put("message", message.plainText());
        return http.send("POST", uri, Map.of("Authorization", "Bearer " + settings.secret(TOKEN.name()).reveal()),
                HttpPost.JSON, http.body(body), HomeAssistantChannel::judge);
    }

    /**
     * Home Assistant's auth middleware answers a missing or wrong token with 401. Its service-call view
     * (home-assistant/core, homeassistant/components/api/__init__.py, APIDomainServicesView) answers 200 with
     * the list of states the call changed, and a bare aiohttp "400: Bad Request" that names nothing when the
     * service does not exist or refuses the data, so the hint says where to look. It has no rate limit of its
     * own; a reverse proxy in front of it may answer 429 with Retry-After (RFC 9110 section 10.2.3), which is
     * honoured.
     */
    static Delivery judge(HttpPost.Reply reply) {
        String where = reply.where();
        if (reply.status() == 401 || reply.status() == 403) {
            return new Delivery.Refused(reply.status(), where + " refused the long-lived access token ("
                    + reply.status() + "): create a new one under your Home Assistant profile → Security");
        }
        if (reply.status() == 400) {
            return new Delivery.Rejected(400, where + " refused the service call (400): the notify service does not "
                    + "exist or refused the data; check its name under Developer tools → Actions");
        }
        if (reply.status() == 429 || reply.status() == 503 && HttpPost.retryAfter(reply) != null) {
            return new Delivery.Throttled(reply.status(), where + " asked to slow down (" + reply.status() + ")",
                    HttpPost.retryAfter(reply));
        }
        return HttpPost.judge(reply);
    }
}
