package dev.aperture.integrations.mdblist;

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

/** The items of an MDBList list read into records. */
public final class MdblistClient {

    private final MdblistIntegration mdblist;
    private final PayloadReader reader;

    public MdblistClient(MdblistIntegration mdblist, ObjectMapper mapper) {
        this.mdblist = mdblist;
        this.reader = new PayloadReader(mapper);
    }

    /** The items of one list (its id or "user/slug"); an answer with no list of items is unreadable. */
    public Fetched<List<MdblistItem>> listItems(Caller caller, Settings settings, String listId) {
        return reader.read(caller.call(mdblist.listItems(settings, listId)), MdblistClient::items);
    }

    /**
     * MDBList answers a bare array (older API), or {"movies": [...], "shows": [...]}; a list not yet
     * populated answers {"error":"empty"}, which is an empty list, not an error.
     */
    private static Optional<List<MdblistItem>> items(JsonNode body) {
        List<MdblistItem> out = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(n -> item(n, null).ifPresent(out::add));
            return Optional.of(out);
        }
        if ("empty".equalsIgnoreCase(JsonBody.text(body, "error").orElse(""))) {
            return Optional.of(out);
        }
        boolean any = false;
        for (String key : List.of("movies", "shows")) {
            JsonNode part = body.get(key);
            if (part != null && part.isArray()) {
                any = true;
                part.forEach(n -> item(n, key.equals("movies") ? "movie" : "show").ifPresent(out::add));
            }
        }
        return any ? Optional.of(out) : Optional.empty();
    }

    /** An entry: {id (TMDb id), rank, title, imdb_id, tvdb_id, mediatype, release_year}; newer answers add tmdb_id. */
    private static Optional<MdblistItem> item(JsonNode n, String fallbackType) {
        String title = JsonBody.text(n, "title").orElse("");
        if (title.isBlank()) {
            return Optional.empty();
        }
        String type = JsonBody.text(n, "mediatype").map(t -> t.toLowerCase(Locale.ROOT))
                .orElse(fallbackType == null ? "movie" : fallbackType);
        String tmdb = JsonBody.text(n, "tmdb_id").or(() -> JsonBody.text(n, "id")).orElse(null);
        return Optional.of(new MdblistItem(JsonBody.integer(n, "rank").orElse(null), title,
                JsonBody.text(n, "imdb_id").orElse(null), tmdb, type));
    }
}
