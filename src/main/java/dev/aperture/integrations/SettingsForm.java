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
            if (field.secret() && maskedEcho(text)) {
                // The masked form the API and the page show, sent back unchanged: keep the stored secret, as an
                // omitted one would, rather than saving the dots as the new key.
                continue;
            }
            if (field.secret()) {
                next = next.withSecret(field, Secret.of(text));
                clearedRequired |= text.isEmpty() && integration.required().contains(field);
                gaveRequired |= !text.isEmpty() && integration.required().contains(field);
            } else {
                validate(field, text);
                next = next.with(field, text);
            }
        }
        requireSecretsForNewHost(integration, current, next, body);
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

    /**
     * A key goes wherever the base URL points. When its scheme, host or port changes, in a save or in a
     * test of unsaved settings, every stored secret must be typed again before anything is sent, so a
     * stolen session cannot have the saved key delivered to a host of its choosing. A first base URL
     * (none before) binds the key without asking, as nothing was sent anywhere yet.
     */
    private static void requireSecretsForNewHost(Integration integration, Settings current, Settings next,
                                                 ObjectNode body) {
        if (!movedHost(integration, current, next)) {
            return;
        }
        for (Field field : integration.fields()) {
            JsonNode given = body.get(field.wire());
            boolean givenAnew = given != null && given.isTextual() && !given.asText().isBlank()
                    && !maskedEcho(given.asText().trim());
            if (field.secret() && !current.secret(field).isEmpty() && !next.secret(field).isEmpty() && !givenAnew) {
                throw new BadRequest(field.wire(), "must be given again: the base URL now points at another host "
                        + "(scheme, host or port changed), and a saved key is only sent to the host it was saved for");
            }
        }
    }

    /** A key never starts with the mask's dots ({@link Secret#masked}); a value that does is the mask echoed. */
    private static boolean maskedEcho(String text) {
        return text.startsWith("\u2022");
    }

    /** Whether the base URL's scheme, host or port differs between two settings (a first base URL is no move). */
    static boolean movedHost(Integration integration, Settings current, Settings next) {
        String before = origin(Endpoints.base(current, integration.defaultBaseUrl()));
        String after = origin(Endpoints.base(next, integration.defaultBaseUrl()));
        return !before.isEmpty() && !before.equals(after);
    }

    /** Scheme, host and effective port; a self-hosted address typed without a scheme means http. */
    private static String origin(String base) {
        if (base.isEmpty()) {
            return "";
        }
        try {
            URI uri = new URI(base.contains("://") ? base : "http://" + base);
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            return scheme + "://" + (uri.getHost() == null ? uri.getRawAuthority() : uri.getHost().toLowerCase(Locale.ROOT))
                    + ":" + port;
        } catch (java.net.URISyntaxException e) {
            return base;
        }
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
                    if (uri.getRawUserInfo() != null) {
                        // The message leaves the URL out: it would echo the password.
                        throw new BadRequest("baseUrl", "must not carry a user name or password before the host "
                                + "(user:password@); the key has its own setting");
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
