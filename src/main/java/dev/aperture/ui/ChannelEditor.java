package dev.aperture.ui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aperture.calls.ServiceId;
import dev.aperture.calls.Severity;
import dev.aperture.notify.ChannelType;
import dev.aperture.notify.ChannelView;
import dev.aperture.notify.Setting;
import dev.aperture.store.Wired;
import dev.aperture.web.BadRequest;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A notification channel's form: what it shows (saved or just submitted values, secrets masked) and
 * the REST body it sends. It checks nothing itself; the API's own validation answers, with the field.
 */
public record ChannelEditor(String id, String type, String name, boolean enabled, List<ChannelField> fields,
                            boolean takesHeaders, String headers, Set<String> severities, Set<String> services,
                            boolean sendResolved, String reminder, Timing timing, Map<String, String> errors) {

    /** Quiet hours and digest as the form shows them: empty strings when off. */
    public record Timing(String quietStart, String quietEnd, String quietZone, String quietMin, String digestAt,
                         String digestZone) {

        static Timing off() {
            return new Timing("", "", "", "error", "", "");
        }

        static Timing of(ChannelView.RulesView r) {
            var q = r.quietHours();
            var d = r.digest();
            return new Timing(q == null ? "" : q.start(), q == null ? "" : q.end(), q == null ? "" : q.zone(),
                    q == null ? "error" : q.minSeverity().wire(), d == null ? "" : d.at(), d == null ? "" : d.zone());
        }

        static Timing submitted(Context ctx) {
            return new Timing(text(ctx, "quietStart"), text(ctx, "quietEnd"), text(ctx, "quietZone"),
                    text(ctx, "quietMin"), text(ctx, "digestAt"), text(ctx, "digestZone"));
        }
    }

    private static final Map<String, String> LABELS = Map.ofEntries(Map.entry("url", "URL"),
            Map.entry("username", "Username"), Map.entry("host", "SMTP host"), Map.entry("port", "Port"),
            Map.entry("security", "Security"), Map.entry("password", "Password"), Map.entry("from", "From address"),
            Map.entry("to", "To addresses"), Map.entry("token", "Token"), Map.entry("chatId", "Chat ID"),
            Map.entry("threadId", "Topic (message thread) ID"), Map.entry("user", "User or group key"),
            Map.entry("roomId", "Room ID"), Map.entry("service", "Notify service"), Map.entry("key", "Key"),
            Map.entry("urls", "Apprise URLs"), Map.entry("tag", "Tag"));

    public String error(String field) {
        return errors.get(field);
    }

    /** Problems the form has no input for (or that name a field it does not show). */
    public String formError() {
        return errors.get("");
    }

    public List<ServiceId> allServices() {
        return List.of(ServiceId.values());
    }

    static ChannelEditor blank(ChannelType type, List<Setting> settings, boolean takesHeaders) {
        List<ChannelField> fields = new ArrayList<>();
        for (Setting s : settings) {
            fields.add(field(type, s, ""));
        }
        return new ChannelEditor(null, type.wire(), "", true, fields, takesHeaders, "",
                Arrays.stream(Severity.values()).map(Severity::wire).collect(Collectors.toSet()), Set.of(), true, "",
                Timing.off(), Map.of());
    }

    static ChannelEditor of(ChannelView v, List<Setting> settings, boolean takesHeaders) {
        ChannelType type = v.type();
        List<ChannelField> fields = new ArrayList<>();
        for (Setting s : settings) {
            fields.add(field(type, s, v.settings().getOrDefault(s.name(), "")));
        }
        StringBuilder headers = new StringBuilder();
        v.headers().forEach((k, val) -> headers.append(k).append(": ").append(val).append('\n'));
        var r = v.rules();
        return new ChannelEditor(v.id(), type.wire(), v.name(), v.enabled(), fields, takesHeaders, headers.toString(),
                r.severities().stream().map(Severity::wire).collect(Collectors.toCollection(LinkedHashSet::new)),
                new LinkedHashSet<>(r.services()), r.sendResolved(),
                r.reminderIntervalMinutes() == null ? "" : String.valueOf(r.reminderIntervalMinutes()), Timing.of(r),
                Map.of());
    }

    /**
     * The form as submitted, with the API's complaint placed by its field. Secrets and header values
     * show as saved (masked): what was typed into them is never sent back to the browser.
     */
    ChannelEditor rejected(Context ctx, BadRequest e) {
        List<ChannelField> shown = new ArrayList<>();
        for (ChannelField f : fields) {
            String submitted = ctx.formParam(f.name());
            shown.add(f.type().equals("password") || submitted == null ? f
                    : new ChannelField(f.name(), f.label(), f.type(), submitted, f.choices(), f.required(), f.help()));
        }
        boolean header = e.field().startsWith("headers.");
        String field = header ? "headers" : e.field();
        boolean placed = field.equals("name") || field.equals("headers") || field.startsWith("rules.")
                || fields.stream().anyMatch(f -> f.name().equals(field));
        return new ChannelEditor(id, type, text(ctx, "name"), ctx.formParam("enabled") != null, shown, takesHeaders,
                headers, new LinkedHashSet<>(ctx.formParams("severities")),
                new LinkedHashSet<>(ctx.formParams("services")), ctx.formParam("sendResolved") != null,
                text(ctx, "reminder"), Timing.submitted(ctx),
                Map.of(placed ? field : "", placed && !header ? e.problem() : e.getMessage()));
    }

    /** The REST body for this form's submission: the same JSON a script would PUT or POST. */
    ObjectNode body(Context ctx) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (id == null) {
            body.put("type", type);
        }
        body.put("name", text(ctx, "name"));
        body.put("enabled", ctx.formParam("enabled") != null);
        ObjectNode settings = body.putObject("settings");
        for (ChannelField f : fields) {
            settings.put(f.name().substring("settings.".length()), text(ctx, f.name()));
        }
        if (takesHeaders) {
            body.set("headers", headers(text(ctx, "headers")));
        }
        ObjectNode rules = body.putObject("rules");
        ArrayNode severities = rules.putArray("severities");
        ctx.formParams("severities").forEach(severities::add);
        ArrayNode services = rules.putArray("services");
        ctx.formParams("services").forEach(services::add);
        rules.put("sendResolved", ctx.formParam("sendResolved") != null);
        String reminder = text(ctx, "reminder");
        if (reminder.isEmpty()) {
            rules.putNull("reminderIntervalMinutes");
        } else if (reminder.matches("\\d{1,9}")) {
            rules.put("reminderIntervalMinutes", Long.parseLong(reminder));
        } else {
            rules.put("reminderIntervalMinutes", reminder); // the API says what it takes
        }
        Timing t = Timing.submitted(ctx);
        if (t.quietStart().isEmpty() && t.quietEnd().isEmpty()) {
            rules.putNull("quietHours");
        } else {
            ObjectNode quiet = rules.putObject("quietHours");
            quiet.put("start", t.quietStart());
            quiet.put("end", t.quietEnd());
            quiet.put("zone", t.quietZone());
            quiet.put("minSeverity", t.quietMin().isEmpty() ? "error" : t.quietMin());
        }
        if (t.digestAt().isEmpty()) {
            rules.putNull("digest");
        } else {
            rules.putObject("digest").put("at", t.digestAt()).put("zone", t.digestZone());
        }
        return body;
    }

    /** "Name: value" lines; a header this channel had and the text no longer lists is sent empty, which removes it. */
    private ObjectNode headers(String text) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new BadRequest("headers", "each line must be a header as Name: value");
            }
            out.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        for (String line : headers.split("\\R")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !out.has(line.substring(0, colon).trim())) {
                out.put(line.substring(0, colon).trim(), "");
            }
        }
        return out;
    }

    private static ChannelField field(ChannelType type, Setting s, String value) {
        String input = switch (s.kind()) {
            case SECRET, SECRET_URL -> "password";
            case CHOICE -> "select";
            case PORT, NUMBER -> "number";
            default -> "text";
        };
        String help = s.secret() ? (value.isEmpty() ? "Kept encrypted; never shown again." : "Saved (" + value
                + "). Type a new one to replace it; empty it to remove it.") : "";
        if (s.name().equals("url")) {
            help = switch (type) {
                case WEBHOOK -> "Receives a JSON POST per message.";
                case DISCORD -> "The channel's webhook URL (Server settings → Integrations → Webhooks). " + help;
                case SLACK -> "An incoming-webhook URL (https://hooks.slack.com/services/…). " + help;
                case NTFY -> "The topic URL, e.g. https://ntfy.sh/my-aperture-alerts.";
                case GOTIFY -> "Your Gotify server, e.g. https://gotify.example.com.";
                case TELEGRAM -> "Default: https://api.telegram.org (change it for a local Bot API server).";
                case PUSHOVER -> "Default: https://api.pushover.net.";
                case MATRIX -> "Your homeserver, e.g. https://matrix.example.org.";
                case HOME_ASSISTANT -> "Your Home Assistant, e.g. http://homeassistant.local:8123.";
                case APPRISE -> "Your Apprise API server, e.g. http://apprise:8000.";
                default -> help;
            };
        } else if (s.name().equals("to")) {
            help = "One or more, separated by commas.";
        } else if (type == ChannelType.TELEGRAM && s.name().equals("chatId")) {
            help = "A numeric chat id (groups start with -100) or @channelname; the bot must be a member.";
        } else if (type == ChannelType.MATRIX && s.name().equals("roomId")) {
            help = "The room id (Room settings → Advanced), e.g. !abcdefgh:example.org; the account must have joined.";
        } else if (s.name().equals("service")) {
            help = "A notify service, e.g. mobile_app_pixel_8 (Developer tools → Actions lists them).";
        } else if (type == ChannelType.APPRISE && (s.name().equals("key") || s.name().equals("urls"))) {
            help = (s.name().equals("key") ? "A saved configuration's key (stateful), or leave empty and give "
                    + "URLs. " : "Apprise URLs separated by spaces (stateless), instead of a key. ") + help;
        } else if (!s.fallback().isEmpty() && help.isEmpty()) {
            help = "Default: " + s.fallback() + ".";
        }
        return new ChannelField("settings." + s.name(), LABELS.getOrDefault(s.name(), s.name()), input, value,
                s.choices(), s.required(), help.trim());
    }

    static ChannelType type(String wire) {
        return Wired.fromWire(ChannelType.class, wire)
                .orElseThrow(() -> new dev.aperture.web.NotFound("no channel type '" + wire + "'"));
    }

    private static String text(Context ctx, String name) {
        String v = ctx.formParam(name);
        return v == null ? "" : v.trim();
    }
}
