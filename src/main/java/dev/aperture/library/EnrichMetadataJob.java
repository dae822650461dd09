package dev.aperture.library;

import dev.aperture.calls.Outcome;
import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.Fetched;
import dev.aperture.integrations.Settings;
import dev.aperture.integrations.omdb.OmdbClient;
import dev.aperture.integrations.omdb.OmdbTitle;
import dev.aperture.integrations.tmdb.TmdbClient;
import dev.aperture.jobs.ItemOutcome;
import dev.aperture.jobs.Job;
import dev.aperture.jobs.RunScope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * TMDb details and OMDb scores per library item. An item is done only when every configured
 * service answered for it (or said it does not know the title); whatever one service returned is
 * kept even when the other failed, and nothing stored earlier is blanked.
 */
public final class EnrichMetadataJob implements Job {

    private final TmdbClient tmdb;
    private final OmdbClient omdb;
    private final LibraryStore library;
    private final Duration maxAge;

    public EnrichMetadataJob(TmdbClient tmdb, OmdbClient omdb, LibraryStore library, Duration maxAge) {
        this.tmdb = tmdb;
        this.omdb = omdb;
        this.library = library;
        this.maxAge = maxAge;
    }

    @Override
    public String name() {
        return "enrich-metadata";
    }

    @Override
    public String description() {
        return "Adds TMDb details (overview, genres, keywords) and OMDb scores (Rotten Tomatoes, Metacritic, awards) "
                + "to items not enriched yet or enriched more than " + maxAge.toDays() + " days ago.";
    }

    @Override
    public String defaultSchedule() {
        return "daily 03:00";
    }

    @Override
    public List<Item> plan(RunScope scope) {
        if (!scope.usable(ServiceId.TMDB) && !scope.usable(ServiceId.OMDB)) {
            throw new PlanFailed("neither TMDb nor OMDb is configured (Settings → Integrations)");
        }
        Instant cutoff = scope.clock().instant().minus(maxAge);
        return library.needingEnrichment(cutoff).stream()
                .map(i -> new Item(i.id(), i.title() + (i.year() == null ? "" : " (" + i.year() + ")")))
                .toList();
    }

    @Override
    public ItemOutcome process(Item item, RunScope scope) {
        LibraryItem it = library.find(item.key()).orElse(null);
        if (it == null) {
            return new ItemOutcome.NotFound(item.label() + " was removed from the library");
        }
        Instant cutoff = scope.clock().instant().minus(maxAge);
        Step tmdbStep = scope.usable(ServiceId.TMDB) && stale(it.tmdbEnrichedAt(), cutoff)
                ? new TmdbLookup(tmdb, library, scope).enrich(it) : Step.SKIPPED;
        Step omdbStep = scope.usable(ServiceId.OMDB) && stale(it.omdbEnrichedAt(), cutoff)
                ? omdb(it, scope) : Step.SKIPPED;
        for (Step step : List.of(tmdbStep, omdbStep)) {
            if (step.problem() != null) {
                return step.problem();
            }
        }
        if (tmdbStep.notFound() && omdbStep.notFound()
                || tmdbStep.notFound() && omdbStep == Step.SKIPPED
                || omdbStep.notFound() && tmdbStep == Step.SKIPPED) {
            return new ItemOutcome.NotFound(item.label() + ": " + tmdbStep.note() + " " + omdbStep.note());
        }
        return new ItemOutcome.Done((tmdbStep.note() + " " + omdbStep.note()).trim());
    }

    /** One service's part of an item: fine, a normal miss, skipped, or a problem that keeps the item from done. */
    record Step(String note, boolean notFound, ItemOutcome problem) {
        static final Step SKIPPED = new Step("", false, null);
    }

    private Step omdb(LibraryItem it, RunScope scope) {
        Settings settings = scope.settings(ServiceId.OMDB);
        Fetched<OmdbTitle> fetched = it.imdbId() != null
                ? omdb.lookup(scope::call, settings, it.imdbId())
                : omdb.search(scope::call, settings, it.title(), it.type().equals("series"), it.year());
        if (fetched instanceof Fetched.Got<OmdbTitle> got) {
            OmdbTitle t = got.value();
            library.saveOmdb(it.id(), new LibraryStore.OmdbData(t.rottenTomatoes(), t.metascore(), t.imdbRating(),
                    t.awards()));
            return new Step("OMDb: scores stored.", false, null);
        }
        if (fetched instanceof Fetched.Unreadable<OmdbTitle>) {
            return new Step("", false, new ItemOutcome.Failed(ServiceId.OMDB, "OMDb: unreadable answer", null));
        }
        if (fetched.result().outcome() instanceof Outcome.NotFound) {
            library.markOmdbChecked(it.id());
            return new Step("OMDb: not found.", true, null);
        }
        return new Step("", false, scope.unsuccessful(fetched.result(), "OMDb"));
    }

    private static boolean stale(Instant at, Instant cutoff) {
        return at == null || at.isBefore(cutoff);
    }
}
