package dev.aperture.lists;

import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.Fetched;
import dev.aperture.integrations.Field;
import dev.aperture.integrations.Settings;
import dev.aperture.integrations.mdblist.MdblistClient;
import dev.aperture.integrations.mdblist.MdblistItem;
import dev.aperture.jobs.ItemOutcome;
import dev.aperture.jobs.Job;
import dev.aperture.jobs.RunScope;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The items of every configured MDBList list. Each list is its own item and its own alert subject:
 * a deleted or private list (404) fails alone while the others refresh.
 */
public final class RefreshMdblistListsJob implements Job {

    private final MdblistClient mdblist;
    private final ListStore lists;

    public RefreshMdblistListsJob(MdblistClient mdblist, ListStore lists) {
        this.mdblist = mdblist;
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
        Fetched<List<MdblistItem>> fetched = mdblist.listItems(scope::call, scope.settings(ServiceId.MDBLIST), item.key());
        if (fetched instanceof Fetched.Unsuccessful<List<MdblistItem>> failed) {
            return scope.unsuccessful(failed.result(), item.label());
        }
        if (!(fetched instanceof Fetched.Got<List<MdblistItem>> got)) {
            return new ItemOutcome.Failed(ServiceId.MDBLIST, item.label() + ": the answer had no list of items", null);
        }
        List<ListStore.ListItem> items = got.value().stream()
                .map(i -> new ListStore.ListItem(i.rank(), i.title(), i.imdbId(), i.tmdbId(), i.mediaType()))
                .toList();
        lists.replace(item.key(), items);
        return new ItemOutcome.Done(items.size() + " items");
    }
}
