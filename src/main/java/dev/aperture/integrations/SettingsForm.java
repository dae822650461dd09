package dev.aperture.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aperture.secrets.Secret;
import dev.aperture.store.Wired;
import dev.aperture.web.BadRequest;
import java.net.URI;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Applies a settings body to stored settings: an omitted secret keeps the stored one, an empty one
 * clears it; unknown fields and malformed values are refused with the field named.
 */
final class SettingsForm {

    private static final Set<String> SERVER_TYPES = Set.of("jellyfin", "emby");

    private SettingsForm() {}

    static Settings apply(Integration integration, Settings current, ObjectNode body) {
        Settings next = current;
        boolean clearedRequired = false;
        boolean gaveRequired = false;
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String name = e.getKey();
            JsonNode value = e.getValue();
            if (name.equals("enabled")) {
                if (!value.isBoolean()) {
                    throw new BadRequest("enabled", "must be true or false");
                }
                continue;
            }
            Field field = Wired.fromWire(Field.class, name).filter(f -> integration.fields().contains(f))
                    .orElseThrow(() -> new BadRequest(name, "is not a setting of " + integration.id().id()
                            + " (settings: " + wireNames(integration) + ")"));
            if (!value.isNull() && !value.isTextual()) {
                throw new BadRequest(name, "must be a string");
            }
            String text = value.isNull() ? "" : value.asText().trim();
            if (field.secret()) {
                next = next.withSecret(field, Secret.of(text));
                clearedRequired |= text.isEmpty() && integration.required().contains(field);
                gaveRequired |= !text.isEmpty() && integration.required().contains(field);
            } else {
                validate(field, text);
                next = next.with(field, text);
            }
        }
        JsonNode enabled = body.get("enabled");
        if (enabled != null) {
            next = next.withEnabled(enabled.asBoolean());
        } else if (clearedRequired) {
            // Clearing a key and saving disables the integration: nothing calls a service that has no key.
            next = next.withEnabled(false);
        } else if (gaveRequired && !integration.isConfigured(current)) {
            next = next.withEnabled(true);
        }
        return next;
    }

    private static void validate(Field field, String text) {
        if (text.isEmpty()) {
            return;
        }
        switch (field) {
            case BASE_URL -> {
                try {
                    URI uri = new URI(text);
                    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                        throw new BadRequest("baseUrl", "must be an http:// or https:// URL with a host, e.g. "
                                + "http://192.168.1.10:5055");
                    }
                } catch (java.net.URISyntaxException ex) {
                    throw new BadRequest("baseUrl", "is not a valid URL");
                }
            }
            case SERVER_TYPE -> {
                if (!SERVER_TYPES.contains(text.toLowerCase(Locale.ROOT))) {
                    throw new BadRequest("serverType", "must be jellyfin or emby");
                }
            }
            case LIST_IDS -> {
                if (!text.matches("[A-Za-z0-9_./:-]+(\\s*,\\s*[A-Za-z0-9_./:-]+)*")) {
                    throw new BadRequest("listIds", "must be list ids separated by commas");
                }
            }
            default -> {
                if (text.length() > 500) {
                    throw new BadRequest(field.wire(), "is too long");
                }
            }
        }
    }

    private static String wireNames(Integration integration) {
        return String.join(", ", integration.fields().stream().map(Field::wire).toList()) + ", enabled";
    }
}
