package dev.aperture.notify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.web.BadRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Telegram Bot API {@code sendMessage}: the token rides in the path ({@code /bot<token>/sendMessage}), so it
 * is a secret and the host is the only part of the URL any answer names. HTML parse mode, because its
 * escaping is three characters where MarkdownV2 reserves eighteen. A topic of a forum group is its
 * {@code message_thread_id}.
 */
final class TelegramChannel implements Channel {

    private static final Setting URL = Setting.optional("url", Setting.Kind.URL, "https://api.telegram.org");
    private static final Setting TOKEN = Setting.required("token", Setting.Kind.SECRET);
    private static final Setting CHAT = Setting.required("chatId", Setting.Kind.TEXT);
    private static final Setting THREAD = Setting.optional("threadId", Setting.Kind.NUMBER, "");
    /** Telegram refuses a text over 4096 characters; 5 alerts of at most 400 characters stay well below. */
    private static final int SHOWN = 5;
    private static final int MESSAGE_CHARS = 400;

    private final HttpPost http;

    TelegramChannel(HttpPost http) {
        this.http = http;
    }

    @Override
    public ChannelType type() {
        return ChannelType.TELEGRAM;
    }

    @Override
    public List<Setting> settings() {
        return List.of(URL, TOKEN, CHAT, THREAD);
    }

    @Override
    public void check(ChannelSettings settings) {
        // BotFather tokens are "<bot id>:<secret>"; anything else could also change the request path.
        if (!settings.secret(TOKEN.name()).isEmpty()
                && !settings.secret(TOKEN.name()).reveal().matches("\\d{1,20}:[A-Za-z0-9_-]{1,200}")) {
            throw new BadRequest("settings.token", "must be a bot token as @BotFather gives it (123456:ABC-def…)");
        }
        if (!settings.value(CHAT.name()).matches("-?\\d{1,20}|@[A-Za-z0-9_]{4,64}")) {
            throw new BadRequest("settings.chatId", "must be a numeric chat id (-1001234567890) or @channelname");
        }
    }

    @Override
    public Delivery send(ChannelSettings settings, Message message) {
        URI uri = URI.create(ChannelUrls.base(settings.value(URL)) + "/bot" + settings.secret(TOKEN.name()).reveal()
                + "/sendMessage");
        return http.send("POST", uri, Map.of(), HttpPost.JSON, http.body(payload(message, settings)), this::judge);
    }

    static Map<String, Object> payload(Message message, ChannelSettings settings) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("chat_id", settings.value(CHAT.name()));
        settings.optional(THREAD.name()).ifPresent(t -> p.put("message_thread_id", Long.parseLong(t)));
        p.put("text", message.html("\n", SHOWN, MESSAGE_CHARS));
        p.put("parse_mode", "HTML");
        p.put("disable_web_page_preview", true);
        return p;
    }

    /**
     * Bot API answers {@code {"ok":false,"error_code":…,"description":…}}; a flood limit adds
     * {@code "parameters":{"retry_after":<seconds>}} (core.telegram.org/bots/api#making-requests, #responseparameters).
     */
    private Delivery judge(HttpPost.Reply reply) {
        JsonNode body = http.tree(reply.body());
        String description = body.path("description").asText("");
        String where = reply.where();
        if (reply.status() == 200 && body.path("ok").asBoolean(false)) {
            return new Delivery.Accepted(200, where + " accepted the message (message "
                    + body.at("/result/message_id").asText("?") + ")");
        }
        if (reply.status() == 429) {
            JsonNode after = body.at("/parameters/retry_after");
            return new Delivery.Throttled(429, where + " rate limited the bot: " + HttpPost.excerpt(description),
                    after.canConvertToLong() ? reply.at().plusSeconds(after.asLong()) : HttpPost.retryAfter(reply));
        }
        if (reply.status() == 401 || reply.status() == 404 && description.contains("Not Found")) {
            // A wrong token answers 401 Unauthorized; a malformed one 404 Not Found.
            return new Delivery.Refused(reply.status(), where + " refused the bot token (" + reply.status() + " "
                    + HttpPost.excerpt(description) + "): copy the token from @BotFather again");
        }
        if (!description.isEmpty()) {
            return new Delivery.Rejected(reply.status(), where + " answered " + reply.status() + ": "
                    + HttpPost.excerpt(description));
        }
        return HttpPost.judge(reply);
    }
}
