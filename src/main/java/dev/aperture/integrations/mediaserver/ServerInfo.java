package dev.aperture.integrations.mediaserver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.calls.JsonBody;
import dev.aperture.integrations.ServerIdentity;
import java.util.Optional;

/**
 * Reads which server answered from {@code /System/Info} (or {@code /System/Info/Public}): Jellyfin names itself
 * in {@code ProductName} ("Jellyfin Server", its assembly's product name); Emby's answer has {@code Version}
 * and {@code ServerName} but no {@code ProductName} field at all.
 */
final class ServerInfo {

    static final String EMBY_PRODUCT = "Emby Server";
    // A product name or version string is a few dozen characters; a longer one is not shown as such.
    private static final int MAX_TEXT = 64;

    private ServerInfo() {}

    static Optional<ServerIdentity> identify(String body) {
        Optional<JsonNode> json = JsonBody.parse(body);
        Optional<String> version = json.flatMap(j -> bounded(j, "Version"));
        if (version.isEmpty()) {
            return Optional.empty();
        }
        String product = json.flatMap(j -> bounded(j, "ProductName")).orElse(EMBY_PRODUCT);
        return Optional.of(new ServerIdentity(product, version.get()));
    }

    private static Optional<String> bounded(JsonNode json, String field) {
        return JsonBody.text(json, field).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) + "…" : s);
    }
}
