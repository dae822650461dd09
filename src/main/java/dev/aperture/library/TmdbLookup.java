package dev.aperture.library;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.JsonBody;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.Settings;
import dev.aperture.integrations.tmdb.TmdbIntegration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finds an item on TMDb (by TMDb id, else IMDb id via /find, else title search) and stores its details. */
final class TmdbLookup {

    private final TmdbIntegration tmdb;
    private final LibraryStore library;
    private final dev.aperture.jobs.RunScope scope;
    private final Settings settings;

    TmdbLookup(TmdbIntegration tmdb, LibraryStore library, dev.aperture.jobs.RunScope scope) {
        this.tmdb = tmdb;
        this.library = library;
        this.scope = scope;
        this.settings = scope.settings(ServiceId.TMDB);
    }

    EnrichMetadataJob.Step enrich(LibraryItem it) {
        String kind = it.type().equals("series") ? "tv" : "movie";
        String tmdbId = it.tmdbId();
        if (tmdbId == null) {
            CallResult found = it.imdbId() != null
                    ? scope.call(tmdb.get(settings, "/find/" + it.imdbId(), Map.of("external_source", "imdb_id")))
                    : scope.call(tmdb.get(settings, "/search/" + kind, query(it)));
            if (!found.ok()) {
                return miss(found);
            }
            Optional<String> id = firstId(found.body(), kind);
            if (id.isEmpty()) {
                library.markTmdbChecked(it.id());
                return new EnrichMetadataJob.Step("TMDb: no match.", true, null);
            }
            tmdbId = id.get();
        }
        CallResult details = scope.call(tmdb.get(settings, "/" + kind + "/" + tmdbId,
                Map.of("append_to_response", "keywords")));
        if (!details.ok()) {
            return miss(details);
        }
        JsonNode body = JsonBody.parse(details.body()).orElse(null);
        if (body == null || !body.isObject()) {
            return new EnrichMetadataJob.Step("", false,
                    new dev.aperture.jobs.ItemOutcome.Failed(ServiceId.TMDB, "TMDb: unreadable details", null));
        }
        library.saveTmdb(it.id(), tmdbId, new LibraryStore.TmdbData(JsonBody.text(body, "overview").orElse(null),
                names(body.get("genres")), keywords(body.get("keywords")),
                JsonBody.text(body, "vote_average").orElse(null)));
        return new EnrichMetadataJob.Step("TMDb: details stored.", false, null);
    }

    private EnrichMetadataJob.Step miss(CallResult result) {
        if (result.outcome() instanceof Outcome.NotFound) {
            return new EnrichMetadataJob.Step("TMDb: not found.", true, null);
        }
        return new EnrichMetadataJob.Step("", false, scope.unsuccessful(result, "TMDb"));
    }

    private static Map<String, String> query(LibraryItem it) {
        Map<String, String> q = new java.util.LinkedHashMap<>();
        q.put("query", it.title());
        if (it.year() != null) {
            q.put(it.type().equals("series") ? "first_air_date_year" : "year", String.valueOf(it.year()));
        }
        return q;
    }

    /** {@code /find} answers movie_results/tv_results; search answers results. */
    private static Optional<String> firstId(String body, String kind) {
        JsonNode root = JsonBody.parse(body).orElse(null);
        if (root == null) {
            return Optional.empty();
        }
        for (String list : List.of(kind + "_results", "results")) {
            JsonNode results = root.get(list);
            if (results != null && results.isArray() && !results.isEmpty()) {
                return JsonBody.text(results.get(0), "id");
            }
        }
        return Optional.empty();
    }

    private static String names(JsonNode array) {
        if (array == null || !array.isArray() || array.isEmpty()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        array.forEach(n -> JsonBody.text(n, "name").ifPresent(out::add));
        return out.isEmpty() ? null : String.join(", ", out);
    }

    /** Movies nest keywords under "keywords", series under "results". */
    private static String keywords(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        return Optional.ofNullable(names(node.get("keywords"))).orElse(names(node.get("results")));
    }
}
