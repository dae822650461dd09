package dev.aperture.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aperture.calls.ServiceId;
import dev.aperture.calls.Severity;
import dev.aperture.secrets.Secret;
import dev.aperture.store.Wired;
import dev.aperture.web.BadRequest;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Applies a channel body to a stored channel (or a new one): an omitted secret keeps the stored
 * one, an empty one clears it, and one sent back masked as the API showed it also keeps it.
 * Everything that can be checked without the network is checked here, with the field named.
 */
final class ChannelForm {

    private static final Set<String> TOP = Set.of("name", "type", "enabled", "settings", "headers", "rules");
    private static final Set<String> READ_ONLY = Set.of("id", "status", "health", "consecutiveFailures", "lastError",
            "lastFailureAt", "lastSuccessAt", "createdAt", "updatedAt", "fields");
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "content-type", "transfer-encoding");
    private static final long MAX_REMINDER_MINUTES = 30L * 24 * 60;
    /** Where an e-mail channel's password goes: the SMTP host, its port, and whether it is encrypted. */
    private static final Set<String> MAIL_SERVER = Set.of("host", "port", "security");

    private ChannelForm() {}

    static ChannelConfig apply(Channel flavour, ChannelConfig current, ObjectNode body) {
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!TOP.contains(name) && !READ_ONLY.contains(name)) {
                throw new BadRequest(name, "is not a channel field (fields: " + String.join(", ", TOP) + ")");
            }
        }
        String name = text(body, "name").map(String::trim).orElse(current.name());
        if (name.isBlank() || name.length() > 100) {
            throw new BadRequest("name", "must be 1 to 100 characters");
        }
        boolean enabled = current.enabled();
        if (body.has("enabled")) {
            if (!body.get("enabled").isBoolean()) {
                throw new BadRequest("enabled", "must be true or false");
            }
            enabled = body.get("enabled").asBoolean();
        }
        ChannelSettings settings = settings(flavour, current.settings(), object(body, "settings"));
        settings = headers(flavour, settings, object(body, "headers"));
        requireSecretsForNewDestination(flavour, current.settings(), settings, body);
        for (Setting s : flavour.settings()) {
            if (s.required() && !settings.has(s)) {
                throw new BadRequest("settings." + s.name(), "is required for a " + flavour.type().wire() + " channel");
            }
        }
        flavour.check(settings);
        Rules rules = rules(current.rules(), object(body, "rules"));
        return current.with(name, enabled, settings, rules);
    }

    private static ChannelSettings settings(Channel flavour, ChannelSettings current, ObjectNode body) {
        if (body == null) {
            return current;
        }
        Map<String, String> values = new LinkedHashMap<>(current.values());
        Map<String, Secret> secrets = new LinkedHashMap<>(current.secrets());
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String field = "settings." + e.getKey();
            Setting setting = flavour.settings().stream().filter(s -> s.name().equals(e.getKey())).findFirst()
                    .orElseThrow(() -> new BadRequest(field, "is not a setting of a " + flavour.type().wire()
                            + " channel (settings: " + String.join(", ", flavour.settings().stream()
                            .map(Setting::name).toList()) + ")"));
            JsonNode node = e.getValue();
            if (!node.isNull() && !node.isTextual() && !(setting.kind() == Setting.Kind.PORT && node.isInt())) {
                throw new BadRequest(field, "must be a string");
            }
            String text = node.isNull() ? "" : node.asText().trim();
            if (setting.secret()) {
                Secret stored = current.secret(setting.name());
                if (!text.isEmpty() && text.equals(stored.masked())) {
                    continue;
                }
                validate(field, setting, text);
                secrets.put(setting.name(), Secret.of(text));
            } else {
                String stored = current.value(setting.name());
                if (setting.kind() == Setting.Kind.URL && !text.equals(stored)
                        && text.equals(ChannelUrls.masked(stored))) {
                    // The URL sent back as the API showed it, query values masked: unchanged.
                    continue;
                }
                validate(field, setting, text);
                values.put(setting.name(), text);
            }
        }
        return new ChannelSettings(values, secrets, current.headers());
    }

    private static ChannelSettings headers(Channel flavour, ChannelSettings current, ObjectNode body) {
        if (body == null) {
            return current;
        }
        if (!flavour.takesHeaders()) {
            throw new BadRequest("headers", "only a webhook channel takes custom headers");
        }
        Map<String, Secret> headers = new LinkedHashMap<>(current.headers());
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String header = e.getKey().trim();
            String field = "headers." + header;
            if (!header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}")
                    || RESTRICTED_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
                throw new BadRequest(field, "is not a header name Aperture can set");
            }
            JsonNode node = e.getValue();
            if (!node.isNull() && !node.isTextual()) {
                throw new BadRequest(field, "must be a string");
            }
            String value = node.isNull() ? "" : node.asText().trim();
            Secret stored = headers.getOrDefault(header, Secret.empty());
            if (value.isEmpty()) {
                headers.remove(header);
            } else if (!value.equals(stored.masked())) {
                if (value.length() > 2000 || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                    throw new BadRequest(field, "must be a single line of at most 2000 characters");
                }
                headers.put(header, Secret.of(value));
            }
        }
        return new ChannelSettings(current.values(), current.secrets(), headers);
    }

    /**
     * Secrets travel to where the channel points; when that changes (scheme, host or port of its URL, or
     * the mail server, its port or security), every stored secret and header value must be typed again,
     * so a stolen session cannot redirect the saved ones to a host of its choosing.
     */
    private static void requireSecretsForNewDestination(Channel flavour, ChannelSettings before, ChannelSettings after,
                                                        ObjectNode body) {
        if (destination(flavour, before).equals(destination(flavour, after))) {
            return;
        }
        String why = "must be given again: the channel now sends to another host, and a saved secret is only "
                + "sent to the host it was saved for";
        ObjectNode givenSettings = object(body, "settings");
        for (Setting s : flavour.settings()) {
            Secret stored = before.secret(s.name());
            if (s.kind() == Setting.Kind.SECRET && !stored.isEmpty() && !after.secret(s.name()).isEmpty()
                    && !givenAnew(givenSettings, s.name(), stored)) {
                throw new BadRequest("settings." + s.name(), why);
            }
        }
        ObjectNode givenHeaders = object(body, "headers");
        for (Map.Entry<String, Secret> h : before.headers().entrySet()) {
            if (after.headers().containsKey(h.getKey()) && !givenAnew(givenHeaders, h.getKey(), h.getValue())) {
                throw new BadRequest("headers." + h.getKey(), why);
            }
        }
    }

    private static String destination(Channel flavour, ChannelSettings settings) {
        StringBuilder out = new StringBuilder();
        for (Setting s : flavour.settings()) {
            if (s.kind() == Setting.Kind.URL) {
                out.append(ChannelUrls.origin(settings.value(s))).append('|');
            } else if (MAIL_SERVER.contains(s.name()) && !s.secret()) {
                out.append(settings.value(s).toLowerCase(Locale.ROOT)).append('|');
            }
        }
        return out.toString();
    }

    private static boolean givenAnew(ObjectNode given, String name, Secret stored) {
        JsonNode node = given == null ? null : given.get(name);
        String text = node == null || !node.isTextual() ? "" : node.asText().trim();
        return !text.isEmpty() && !text.equals(stored.masked());
    }

    private static void validate(String field, Setting setting, String text) {
        if (text.isEmpty()) {
            return;
        }
        if (text.length() > 2000 || text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new BadRequest(field, "must be a single line of at most 2000 characters");
        }
        switch (setting.kind()) {
            case URL, SECRET_URL -> {
                try {
                    URI uri = new URI(text);
                    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                        throw new BadRequest(field, "must be an http:// or https:// URL with a host");
                    }
                    if (uri.getRawUserInfo() != null) {
                        // The message leaves the URL out: it would echo the password.
                        throw new BadRequest(field, "must not carry a user name or password before the host "
                                + "(user:password@); put a token in a header or the channel's token setting");
                    }
                } catch (URISyntaxException e) {
                    throw new BadRequest(field, "is not a valid URL");
                }
            }
            case PORT -> {
                try {
                    int port = Integer.parseInt(text);
                    if (port < 1 || port > 65535) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new BadRequest(field, "must be a port number between 1 and 65535");
                }
            }
            case EMAIL -> address(field, text);
            case EMAILS -> {
                for (String one : text.split(",")) {
                    address(field, one.trim());
                }
            }
            case CHOICE -> {
                if (!setting.choices().contains(text.toLowerCase(Locale.ROOT))) {
                    throw new BadRequest(field, "must be one of " + String.join(", ", setting.choices()));
                }
            }
            case NUMBER -> {
                if (!text.matches("\\d{1,9}")) {
                    throw new BadRequest(field, "must be a whole number");
                }
            }
            case TEXT, SECRET -> { }
        }
    }

    private static void address(String field, String text) {
        try {
            InternetAddress a = new InternetAddress(text, true);
            if (!a.getAddress().contains("@") || a.getAddress().endsWith("@")) {
                throw new AddressException();
            }
        } catch (AddressException e) {
            throw new BadRequest(field, "'" + text + "' is not an email address such as alerts@example.com");
        }
    }

    private static Rules rules(Rules current, ObjectNode body) {
        if (body == null) {
            return current;
        }
        Set<Severity> severities = current.severities();
        if (body.has("severities")) {
            severities = EnumSet.noneOf(Severity.class);
            for (String s : strings(body.get("severities"), "rules.severities")) {
                severities.add(Wired.fromWire(Severity.class, s).orElseThrow(() ->
                        new BadRequest("rules.severities", "'" + s + "' is not one of error, warning, info")));
            }
            if (severities.isEmpty()) {
                throw new BadRequest("rules.severities", "must name at least one of error, warning, info");
            }
        }
        Set<String> services = current.services();
        if (body.has("services")) {
            Set<String> ids = new LinkedHashSet<>();
            for (String s : strings(body.get("services"), "rules.services")) {
                ids.add(ServiceId.parse(s).map(ServiceId::id).orElseThrow(() -> new BadRequest("rules.services",
                        "'" + s + "' is not a service id (empty list = all services)")));
            }
            services = ids;
        }
        boolean sendResolved = current.sendResolved();
        if (body.has("sendResolved")) {
            if (!body.get("sendResolved").isBoolean()) {
                throw new BadRequest("rules.sendResolved", "must be true or false");
            }
            sendResolved = body.get("sendResolved").asBoolean();
        }
        Duration reminder = current.reminderInterval();
        if (body.has("reminderIntervalMinutes")) {
            JsonNode n = body.get("reminderIntervalMinutes");
            if (n.isNull()) {
                reminder = null;
            } else if (!n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < 1
                    || n.asLong() > MAX_REMINDER_MINUTES) {
                throw new BadRequest("rules.reminderIntervalMinutes", "must be null (off) or minutes between 1 and "
                        + MAX_REMINDER_MINUTES);
            } else {
                reminder = Duration.ofMinutes(n.asLong());
            }
        }
        return new Rules(severities, services, sendResolved, reminder,
                TimingForm.quiet(current.quiet(), body, ZoneId.systemDefault()),
                TimingForm.digest(current.digest(), body, ZoneId.systemDefault()));
    }

    private static Set<String> strings(JsonNode node, String field) {
        if (node == null || !node.isArray()) {
            throw new BadRequest(field, "must be an array of strings");
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                throw new BadRequest(field, "must be an array of strings");
            }
            out.add(n.asText().trim().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    static java.util.Optional<String> text(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return java.util.Optional.empty();
        }
        if (!v.isTextual()) {
            throw new BadRequest(field, "must be a string");
        }
        return java.util.Optional.of(v.asText());
    }

    private static ObjectNode object(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw new BadRequest(field, "must be a JSON object");
        }
        return (ObjectNode) v;
    }
}
