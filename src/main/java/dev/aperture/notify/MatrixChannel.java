package dev.aperture.notify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.web.BadRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matrix client-server API: {@code PUT /_matrix/client/v3/rooms/{roomId}/send/m.room.message/{txnId}}
 * with the access token as a bearer token. The transaction id is the outbox delivery's id, the same
 * on every retry: a homeserver that took the first attempt but whose answer was lost answers the retry
 * with the same event instead of posting twice (spec: "Transaction identifiers").
 */
final class MatrixChannel implements Channel {

    private static final Setting URL = Setting.required("url", Setting.Kind.URL);
    private static final Setting TOKEN = Setting.required("token", Setting.Kind.SECRET);
    private static final Setting ROOM = Setting.required("roomId", Setting.Kind.TEXT);

    private final HttpPost http;

    MatrixChannel(HttpPost http) {
        this.http = http;
    }

    @Override
    public ChannelType type() {
        return ChannelType.MATRIX;
    }

    @Override
    public List<Setting> settings() {
        return List.of(URL, TOKEN, ROOM);
    }

    @Override
    public void check(ChannelSettings settings) {
        // The send endpoint takes a room id only; an alias (#room:server) would need a lookup first.
        if (!settings.value(ROOM.name()).matches("![^\\s:]{1,200}:[^\\s]{1,255}")) {
            throw new BadRequest("settings.roomId", "must be a room id such as !abcdefgh:example.org (room "
                    + "settings → Advanced), not an alias");
        }
    }

    @Override
    public Delivery send(ChannelSettings settings, Message message) {
        return send(settings, message, "test-" + message.createdAt().toEpochMilli());
    }

    @Override
    public Delivery send(ChannelSettings settings, Message message, String deliveryId) {
        URI uri = URI.create(ChannelUrls.base(settings.value(URL.name())) + "/_matrix/client/v3/rooms/"
                + ChannelUrls.segment(settings.value(ROOM.name())) + "/send/m.room.message/"
                + ChannelUrls.segment(txnId(deliveryId)));
        return http.send("PUT", uri, Map.of("Authorization", "Bearer " + settings.secret(TOKEN.name()).reveal()),
                HttpPost.JSON, http.body(payload(message)), this::judge);
    }

    static String txnId(String deliveryId) {
        return "aperture-" + deliveryId;
    }

    static Map<String, Object> payload(Message message) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("msgtype", "m.text");
        p.put("body", message.headline() + "\n\n" + message.plainText());
        p.put("format", "org.matrix.custom.html");
        p.put("formatted_body", message.html("<br>", Message.LISTED, 1000));
        return p;
    }

    /**
     * Errors are {@code {"errcode":…,"error":…}}; M_LIMIT_EXCEEDED (429) adds {@code retry_after_ms},
     * a bad token is 401 M_UNKNOWN_TOKEN (spec: "Standard error response", "Rate limiting").
     */
    private Delivery judge(HttpPost.Reply reply) {
        JsonNode body = http.tree(reply.body());
        String where = reply.where();
        String code = body.path("errcode").asText("");
        String error = HttpPost.excerpt(body.path("error").asText(""));
        if (reply.status() >= 200 && reply.status() < 300) {
            return new Delivery.Accepted(reply.status(), where + " accepted the message (event "
                    + body.path("event_id").asText("?") + ")");
        }
        if (reply.status() == 429 || code.equals("M_LIMIT_EXCEEDED")) {
            JsonNode ms = body.path("retry_after_ms");
            return new Delivery.Throttled(reply.status(), where + " rate limited the account (" + code + ": " + error
                    + ")", ms.canConvertToLong() ? reply.at().plusMillis(ms.asLong()) : HttpPost.retryAfter(reply));
        }
        if (reply.status() == 401 || code.equals("M_UNKNOWN_TOKEN") || code.equals("M_MISSING_TOKEN")) {
            return new Delivery.Refused(reply.status(), where + " refused the access token (" + reply.status() + " "
                    + code + ": " + error + ")");
        }
        if (code.equals("M_FORBIDDEN")) {
            return new Delivery.Rejected(reply.status(), where + " answered " + reply.status() + " M_FORBIDDEN: "
                    + error + " (has the account joined the room?)");
        }
        if (!code.isEmpty()) {
            return new Delivery.Rejected(reply.status(), where + " answered " + reply.status() + " " + code + ": "
                    + error);
        }
        return HttpPost.judge(reply);
    }
}
