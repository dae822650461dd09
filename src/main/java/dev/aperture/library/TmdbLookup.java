package dev.aperture.library;

import dev.aperture.calls.CallResult;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.Fetched;
import dev.aperture.integrations.Settings;
import dev.aperture.integrations.tmdb.TmdbClient;
import dev.aperture.integrations.tmdb.TmdbDetails;
import dev.aperture.jobs.ItemOutcome;
import dev.aperture.jobs.RunScope;
import java.util.List;
import java.util.Optional;

/** Finds an item on TMDb (by TMDb id, else IMDb id via /find, else title search) and stores its details. */
final class TmdbLookup {

    private final TmdbClient tmdb;
    private final LibraryStore library;
    private final RunScope scope;
    private final Settings settings;

    TmdbLookup(TmdbClient tmdb, LibraryStore library, RunScope scope) {
        this.tmdb = tmdb;
        this.library = library;
        this.scope = scope;
        this.settings = scope.settings(ServiceId.TMDB);
    }

    EnrichMetadataJob.Step enrich(LibraryItem it) {
        boolean series = it.type().equals("series");
        String tmdbId = it.tmdbId();
        if (tmdbId == null) {
            Fetched<Optional<String>> found = it.imdbId() != null
                    ? tmdb.find(scope::call, settings, it.imdbId(), series)
                    : tmdb.search(scope::call, settings, it.title(), it.year(), series);
            if (!(found instanceof Fetched.Got<Optional<String>> got)) {
                return problem(found, "TMDb: unreadable answer");
            }
            if (got.value().isEmpty()) {
                library.markTmdbChecked(it.id());
                return new EnrichMetadataJob.Step("TMDb: no match.", true, null);
            }
            tmdbId = got.value().get();
        }
        Fetched<TmdbDetails> details = tmdb.details(scope::call, settings, tmdbId, series);
        if (!(details instanceof Fetched.Got<TmdbDetails> got)) {
            return problem(details, "TMDb: unreadable details");
        }
        TmdbDetails d = got.value();
        library.saveTmdb(it.id(), tmdbId, new LibraryStore.TmdbData(d.overview(), joined(d.genres()),
                joined(d.keywords()), d.voteAverage()));
        return new EnrichMetadataJob.Step("TMDb: details stored.", false, null);
    }

    private EnrichMetadataJob.Step problem(Fetched<?> fetched, String unreadable) {
        if (fetched instanceof Fetched.Unreadable<?>) {
            return new EnrichMetadataJob.Step("", false, new ItemOutcome.Failed(ServiceId.TMDB, unreadable, null));
        }
        CallResult result = fetched.result();
        if (result.outcome() instanceof Outcome.NotFound) {
            return new EnrichMetadataJob.Step("TMDb: not found.", true, null);
        }
        return new EnrichMetadataJob.Step("", false, scope.unsuccessful(result, "TMDb"));
    }

    private static String joined(List<String> names) {
        return names.isEmpty() ? null : String.join(", ", names);
    }
}
