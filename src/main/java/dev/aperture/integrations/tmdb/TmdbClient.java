package dev.aperture.integrations.tmdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aperture.calls.JsonBody;
import dev.aperture.integrations.Caller;
import dev.aperture.integrations.Fetched;
import dev.aperture.integrations.PayloadReader;
import dev.aperture.integrations.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * TMDb lookups read into records: the TMDb id of a title (from its IMDb id, else a title search) and a
 * title's details. TMDb calls series "tv" in its paths and result lists.
 */
public final class TmdbClient {

    private final TmdbIntegration tmdb;
    private final PayloadReader reader;

    public TmdbClient(TmdbIntegration tmdb, ObjectMapper mapper) {
        this.tmdb = tmdb;
        this.reader = new PayloadReader(mapper);
    }

    /** The TMDb id {@code /find} gives an IMDb id, empty when TMDb knows no such title. */
    public Fetched<Optional<String>> find(Caller caller, Settings settings, String imdbId, boolean series) {
        return reader.read(caller.call(tmdb.get(settings, "/find/" + imdbId, Map.of("external_source", "imdb_id"))),
                body -> Optional.of(firstId(body, kind(series))));
    }

    /** The id of the first title search result, empty when nothing matched. */
    public Fetched<Optional<String>> search(Caller caller, Settings settings, String title, Integer year,
                                            boolean series) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("query", title);
        if (year != null) {
            query.put(series ? "first_air_date_year" : "year", String.valueOf(year));
        }
        return reader.read(caller.call(tmdb.get(settings, "/search/" + kind(series), query)),
                body -> Optional.of(firstId(body, kind(series))));
    }

    /** Details with the keywords appended, so one request serves both. */
    public Fetched<TmdbDetails> details(Caller caller, Settings settings, String tmdbId, boolean series) {
        return reader.read(caller.call(tmdb.get(settings, "/" + kind(series) + "/" + tmdbId,
                Map.of("append_to_response", "keywords"))), TmdbClient::details);
    }

    private static String kind(boolean series) {
        return series ? "tv" : "movie";
    }

    /** {@code /find} answers movie_results/tv_results; search answers results. */
    private static Optional<String> firstId(JsonNode root, String kind) {
        for (String list : List.of(kind + "_results", "results")) {
            JsonNode results = root.get(list);
            if (results != null && results.isArray() && !results.isEmpty()) {
                return JsonBody.text(results.get(0), "id");
            }
        }
        return Optional.empty();
    }

    private static Optional<TmdbDetails> details(JsonNode body) {
        if (!body.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new TmdbDetails(JsonBody.text(body, "overview").orElse(null), names(body.get("genres")),
                keywords(body.get("keywords")), JsonBody.text(body, "vote_average").orElse(null)));
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(n -> JsonBody.text(n, "name").ifPresent(out::add));
        }
        return out;
    }

    /** Movies nest keywords under "keywords", series under "results". */
    private static List<String> keywords(JsonNode node) {
        if (node == null || !node.isObject()) {
            return List.of();
        }
        List<String> movie = names(node.get("keywords"));
        return movie.isEmpty() ? names(node.get("results")) : movie;
    }
}
