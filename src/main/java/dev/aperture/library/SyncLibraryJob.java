package dev.aperture.library;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.JsonBody;
import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.Integrations;
import dev.aperture.integrations.Settings;
import dev.aperture.integrations.mediaserver.MediaServerIntegration;
import dev.aperture.jobs.ItemOutcome;
import dev.aperture.jobs.Job;
import dev.aperture.jobs.RunScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Movies and series with their provider ids from Jellyfin or Emby, a page at a time. */
public final class SyncLibraryJob implements Job {

    /** Jellyfin's web client pages its own library views by 100; 200 keeps a page well under the body limit. */
    static final int PAGE = 200;

    private final MediaServerIntegration server;
    private final LibraryStore library;

    public SyncLibraryJob(Integrations integrations, LibraryStore library) {
        this.server = integrations.get(ServiceId.MEDIASERVER, MediaServerIntegration.class);
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
        CallResult first = scope.call(server.library(settings, 0, 1));
        if (!first.ok()) {
            throw new PlanFailed("the media server did not list the library: " + scope.unsuccessful(first, "library"));
        }
        int total = JsonBody.parse(first.body()).flatMap(n -> JsonBody.integer(n, "TotalRecordCount")).orElse(0);
        List<Item> pages = new ArrayList<>();
        for (int start = 0; start < total; start += PAGE) {
            pages.add(new Item(String.valueOf(start / PAGE),
                    "Items " + (start + 1) + "–" + Math.min(total, start + PAGE) + " of " + total));
        }
        return pages;
    }

    @Override
    public ItemOutcome process(Item item, RunScope scope) {
        int start = Integer.parseInt(item.key()) * PAGE;
        CallResult result = scope.call(server.library(scope.settings(ServiceId.MEDIASERVER), start, PAGE));
        if (!result.ok()) {
            return scope.unsuccessful(result, item.label());
        }
        JsonNode items = JsonBody.parse(result.body()).map(n -> n.get("Items")).orElse(null);
        if (items == null || !items.isArray()) {
            return new ItemOutcome.Failed(ServiceId.MEDIASERVER, item.label() + ": the answer had no Items list", null);
        }
        int added = 0;
        int seen = 0;
        for (JsonNode node : items) {
            String type = switch (JsonBody.text(node, "Type").orElse("").toLowerCase(Locale.ROOT)) {
                case "movie" -> "movie";
                case "series" -> "series";
                default -> null;
            };
            String name = JsonBody.text(node, "Name").orElse("");
            if (type == null || name.isBlank()) {
                continue;
            }
            JsonNode ids = node.get("ProviderIds");
            seen++;
            added += library.upsert(new LibraryStore.NewItem(type, name,
                    JsonBody.integer(node, "ProductionYear").orElse(null), providerId(ids, "Imdb"),
                    providerId(ids, "Tmdb"), JsonBody.text(node, "Id").orElse(null)), "mediaserver") ? 1 : 0;
        }
        return new ItemOutcome.Done(seen + " titles, " + added + " new");
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
