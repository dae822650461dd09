package dev.aperture.lists;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.JsonBody;
import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.Field;
import dev.aperture.integrations.Integrations;
import dev.aperture.integrations.Settings;
import dev.aperture.integrations.mdblist.MdblistIntegration;
import dev.aperture.jobs.ItemOutcome;
import dev.aperture.jobs.Job;
import dev.aperture.jobs.RunScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The items of every configured MDBList list. Each list is its own item and its own alert subject:
 * a deleted or private list (404) fails alone while the others refresh.
 */
public final class RefreshMdblistListsJob implements Job {

    private final MdblistIntegration mdblist;
    private final ListStore lists;

    public RefreshMdblistListsJob(Integrations integrations, ListStore lists) {
        this.mdblist = integrations.get(ServiceId.MDBLIST, MdblistIntegration.class);
        this.lists = lists;
    }

    @Override
    public String name() {
        return "refresh-mdblist-lists";
    }

    @Override
    public String description() {
        return "Reads the items of the MDBList lists named in the MDBList setting listIds.";
    }

    @Override
    public String defaultSchedule() {
        return "daily 04:00";
    }

    @Override
    public Set<ServiceId> requires() {
        return Set.of(ServiceId.MDBLIST);
    }

    /** listIds as the admin typed it: comma- (or space-) separated ids or slugs like "user/list-name". */
    static List<String> listIds(Settings settings) {
        Set<String> ids = new LinkedHashSet<>();
        Arrays.stream(settings.value(Field.LIST_IDS).split("[,\\s]+")).map(String::trim).filter(s -> !s.isEmpty())
                .forEach(ids::add);
        return List.copyOf(ids);
    }

    @Override
    public List<Item> plan(RunScope scope) {
        List<String> ids = listIds(scope.settings(ServiceId.MDBLIST));
        if (ids.isEmpty()) {
            throw new PlanFailed("no MDBList lists configured: set listIds on the MDBList integration");
        }
        return ids.stream().map(id -> new Item(id, "MDBList list " + id)).toList();
    }

    @Override
    public ItemOutcome process(Item item, RunScope scope) {
        CallResult result = scope.call(mdblist.listItems(scope.settings(ServiceId.MDBLIST), item.key()));
        if (!result.ok()) {
            return scope.unsuccessful(result, item.label());
        }
        JsonNode body = JsonBody.parse(result.body()).orElse(null);
        Optional<List<ListStore.ListItem>> items = items(body);
        if (items.isEmpty()) {
            return new ItemOutcome.Failed(ServiceId.MDBLIST, item.label() + ": the answer had no list of items", null);
        }
        lists.replace(item.key(), items.get());
        return new ItemOutcome.Done(items.get().size() + " items");
    }

    /**
     * MDBList answers a bare array (older API), or {"movies": [...], "shows": [...]}; a list not yet
     * populated answers {"error":"empty"}, which is an empty list, not an error.
     */
    static Optional<List<ListStore.ListItem>> items(JsonNode body) {
        if (body == null) {
            return Optional.empty();
        }
        List<ListStore.ListItem> out = new ArrayList<>();
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

    /** An entry: {id (TMDb id), rank, title, imdb_id, mediatype}. */
    private static Optional<ListStore.ListItem> item(JsonNode n, String fallbackType) {
        String title = JsonBody.text(n, "title").orElse("");
        if (title.isBlank()) {
            return Optional.empty();
        }
        String type = JsonBody.text(n, "mediatype").map(t -> t.toLowerCase(Locale.ROOT))
                .orElse(fallbackType == null ? "movie" : fallbackType);
        String tmdb = JsonBody.text(n, "tmdb_id").or(() -> JsonBody.text(n, "id")).orElse(null);
        return Optional.of(new ListStore.ListItem(JsonBody.integer(n, "rank").orElse(null), title,
                JsonBody.text(n, "imdb_id").orElse(null), tmdb, type));
    }
}
