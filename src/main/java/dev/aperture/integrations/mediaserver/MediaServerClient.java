package dev.aperture.integrations.mediaserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aperture.calls.JsonBody;
import dev.aperture.integrations.Caller;
import dev.aperture.integrations.Fetched;
import dev.aperture.integrations.PayloadReader;
import dev.aperture.integrations.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The library of Jellyfin or Emby read into records; both answer {@code /Items} with the same shape. */
public final class MediaServerClient {

    private final MediaServerIntegration server;
    private final PayloadReader reader;

    public MediaServerClient(MediaServerIntegration server, ObjectMapper mapper) {
        this.server = server;
        this.reader = new PayloadReader(mapper);
    }

    /**
     * One page of movies and series from {@code startIndex}. Entries of other types (folders, episodes a
     * server sends despite the filter) and nameless ones are left out; a body without an Items list is unreadable.
     */
    public Fetched<MediaServerPage> library(Caller caller, Settings settings, int startIndex, int limit) {
        return reader.read(caller.call(server.library(settings, startIndex, limit)), MediaServerClient::page);
    }

    /** {Items: [{Name, Id, Type, ProductionYear, ProviderIds: {Imdb, Tmdb}}], TotalRecordCount, StartIndex}. */
    private static Optional<MediaServerPage> page(JsonNode body) {
        JsonNode items = body.get("Items");
        if (items == null || !items.isArray()) {
            return Optional.empty();
        }
        List<MediaServerItem> out = new ArrayList<>();
        for (JsonNode node : items) {
            String type = JsonBody.text(node, "Type").orElse("").toLowerCase(Locale.ROOT);
            String name = JsonBody.text(node, "Name").orElse("");
            if (!type.equals("movie") && !type.equals("series") || name.isBlank()) {
                continue;
            }
            JsonNode ids = node.get("ProviderIds");
            out.add(new MediaServerItem(type.equals("series"), name, JsonBody.integer(node, "ProductionYear").orElse(null),
                    providerId(ids, "Imdb"), providerId(ids, "Tmdb"), JsonBody.text(node, "Id").orElse(null)));
        }
        return Optional.of(new MediaServerPage(JsonBody.integer(body, "TotalRecordCount").orElse(0), out));
    }

    /** Provider id keys are "Imdb"/"Tmdb" on Jellyfin; some Emby versions send them lower-case. */
    private static String providerId(JsonNode ids, String key) {
        if (ids == null || !ids.isObject()) {
            return null;
        }
        var fields = ids.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            if (e.getKey().equalsIgnoreCase(key) && e.getValue().isTextual() && !e.getValue().asText().isBlank()) {
                return e.getValue().asText().trim();
            }
        }
        return null;
    }
}
