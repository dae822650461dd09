package dev.aperture.library;

import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.Fetched;
import dev.aperture.integrations.Settings;
import dev.aperture.integrations.mediaserver.MediaServerClient;
import dev.aperture.integrations.mediaserver.MediaServerItem;
import dev.aperture.integrations.mediaserver.MediaServerPage;
import dev.aperture.jobs.ItemOutcome;
import dev.aperture.jobs.Job;
import dev.aperture.jobs.RunScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Movies and series with their provider ids from Jellyfin or Emby, a page at a time. */
public final class SyncLibraryJob implements Job {

    /** Jellyfin's web client pages its own library views by 100; 200 keeps a page well under the body limit. */
    static final int PAGE = 200;

    private final MediaServerClient server;
    private final LibraryStore library;

    public SyncLibraryJob(MediaServerClient server, LibraryStore library) {
        this.server = server;
        this.library = library;
    }

    @Override
    public String name() {
        return "sync-library";
    }

    @Override
    public String description() {
        return "Reads the movies and series (with IMDb/TMDb ids) from the media server into Aperture's library.";
    }

    @Override
    public String defaultSchedule() {
        return "every 6h";
    }

    @Override
    public Set<ServiceId> requires() {
        return Set.of(ServiceId.MEDIASERVER);
    }

    @Override
    public List<Item> plan(RunScope scope) {
        Settings settings = scope.settings(ServiceId.MEDIASERVER);
        Fetched<MediaServerPage> first = server.library(scope::call, settings, 0, 1);
        if (first instanceof Fetched.Unsuccessful<MediaServerPage> failed) {
            throw new PlanFailed("the media server did not list the library — "
                    + scope.unsuccessful(failed.result(), "library").detail());
        }
        if (!(first instanceof Fetched.Got<MediaServerPage> got)) {
            throw new PlanFailed("the media server listed the library without an Items list");
        }
        int total = got.value().total();
        List<Item> pages = new ArrayList<>();
        for (int start = 0; start < total; start += PAGE) {
            int end = Math.min(total, start + PAGE);
            pages.add(new Item(String.valueOf(start / PAGE), "Titles " + (start + 1) + "–" + end + " of " + total,
                    end - start));
        }
        return pages;
    }

    @Override
    public String unit() {
        return "titles";
    }

    @Override
    public String planned(List<Item> items) {
        // The run's items are pages; the admin counts titles (the label of the last page ends with the total).
        String titles = items.isEmpty() ? "0" : items.get(items.size() - 1).label().replaceAll(".* of ", "");
        return "The media server lists " + titles + " titles: reading them " + PAGE + " at a time ("
                + items.size() + (items.size() == 1 ? " page)" : " pages)");
    }

    @Override
    public ItemOutcome process(Item item, RunScope scope) {
        int start = Integer.parseInt(item.key()) * PAGE;
        Fetched<MediaServerPage> fetched = server.library(scope::call, scope.settings(ServiceId.MEDIASERVER), start, PAGE);
        if (fetched instanceof Fetched.Unsuccessful<MediaServerPage> failed) {
            return scope.unsuccessful(failed.result(), item.label());
        }
        if (!(fetched instanceof Fetched.Got<MediaServerPage> got)) {
            return new ItemOutcome.Failed(ServiceId.MEDIASERVER, item.label() + ": the answer had no Items list", null);
        }
        int added = 0;
        for (MediaServerItem it : got.value().items()) {
            added += library.upsert(new LibraryStore.NewItem(it.series() ? "series" : "movie", it.name(), it.year(),
                    it.imdbId(), it.tmdbId(), it.id()), "mediaserver") ? 1 : 0;
        }
        return new ItemOutcome.Done(got.value().items().size() + " titles, " + added + " new");
    }
}
