package dev.aperture.integrations.omdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aperture.calls.JsonBody;
import dev.aperture.integrations.Caller;
import dev.aperture.integrations.Fetched;
import dev.aperture.integrations.PayloadReader;
import dev.aperture.integrations.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** OMDb titles read into {@link OmdbTitle}: by IMDb id, or by title, type and year when there is no id. */
public final class OmdbClient {

    private final OmdbIntegration omdb;
    private final PayloadReader reader;

    public OmdbClient(OmdbIntegration omdb, ObjectMapper mapper) {
        this.omdb = omdb;
        this.reader = new PayloadReader(mapper);
    }

    public Fetched<OmdbTitle> lookup(Caller caller, Settings settings, String imdbId) {
        return reader.read(caller.call(omdb.get(settings, Map.of("i", imdbId))), OmdbClient::title);
    }

    /** {@code year} may be null: OMDb takes an empty {@code y} as no year. */
    public Fetched<OmdbTitle> search(Caller caller, Settings settings, String title, boolean series, Integer year) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("t", title);
        query.put("type", series ? "series" : "movie");
        query.put("y", year == null ? "" : String.valueOf(year));
        return reader.read(caller.call(omdb.get(settings, query)), OmdbClient::title);
    }

    /** {Title, Metascore, imdbRating, Awards, Ratings: [{Source, Value}], ...}; every value is text. */
    private static Optional<OmdbTitle> title(JsonNode body) {
        String rottenTomatoes = null;
        JsonNode ratings = body.get("Ratings");
        if (ratings != null && ratings.isArray()) {
            for (JsonNode r : ratings) {
                if ("Rotten Tomatoes".equals(JsonBody.text(r, "Source").orElse(""))) {
                    rottenTomatoes = value(JsonBody.text(r, "Value").orElse(null));
                }
            }
        }
        return Optional.of(new OmdbTitle(rottenTomatoes, value(JsonBody.text(body, "Metascore").orElse(null)),
                value(JsonBody.text(body, "imdbRating").orElse(null)), value(JsonBody.text(body, "Awards").orElse(null))));
    }

    /** OMDb writes "N/A" for a missing value; that is no data, not a value to store. */
    private static String value(String v) {
        return v == null || v.isBlank() || v.equalsIgnoreCase("N/A") ? null : v;
    }
}
