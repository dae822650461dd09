package dev.aperture.library;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.JsonBody;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.Integrations;
import dev.aperture.integrations.omdb.OmdbIntegration;
import dev.aperture.integrations.tmdb.TmdbIntegration;
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

    private final TmdbIntegration tmdb;
    private final OmdbIntegration omdb;
    private final LibraryStore library;
    private final Duration maxAge;

    public EnrichMetadataJob(Integrations integrations, LibraryStore library, Duration maxAge) {
        this.tmdb = integrations.get(ServiceId.TMDB, TmdbIntegration.class);
        this.omdb = integrations.get(ServiceId.OMDB, OmdbIntegration.class);
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
        var settings = scope.settings(ServiceId.OMDB);
        var request = it.imdbId() != null
                ? omdb.get(settings, java.util.Map.of("i", it.imdbId()))
                : omdb.get(settings, java.util.Map.of("t", it.title(), "type", it.type().equals("series") ? "series" : "movie",
                        "y", it.year() == null ? "" : String.valueOf(it.year())));
        CallResult result = scope.call(request);
        if (result.outcome() instanceof Outcome.NotFound) {
            library.markOmdbChecked(it.id());
            return new Step("OMDb: not found.", true, null);
        }
        if (!result.ok()) {
            return new Step("", false, scope.unsuccessful(result, "OMDb"));
        }
        JsonNode body = JsonBody.parse(result.body()).orElse(null);
        if (body == null) {
            return new Step("", false, new ItemOutcome.Failed(ServiceId.OMDB, "OMDb: unreadable answer", null));
        }
        String rt = null;
        JsonNode ratings = body.get("Ratings");
        if (ratings != null && ratings.isArray()) {
            for (JsonNode r : ratings) {
                if ("Rotten Tomatoes".equals(JsonBody.text(r, "Source").orElse(""))) {
                    rt = value(JsonBody.text(r, "Value").orElse(null));
                }
            }
        }
        library.saveOmdb(it.id(), new LibraryStore.OmdbData(rt, value(JsonBody.text(body, "Metascore").orElse(null)),
                value(JsonBody.text(body, "imdbRating").orElse(null)), value(JsonBody.text(body, "Awards").orElse(null))));
        return new Step("OMDb: scores stored.", false, null);
    }

    /** OMDb writes "N/A" for a missing value; that is no data, not a value to store. */
    private static String value(String v) {
        return v == null || v.isBlank() || v.equalsIgnoreCase("N/A") ? null : v;
    }

    private static boolean stale(Instant at, Instant cutoff) {
        return at == null || at.isBefore(cutoff);
    }
}
