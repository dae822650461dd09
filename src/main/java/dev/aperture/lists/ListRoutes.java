package dev.aperture.lists;

import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.IntegrationStore;
import dev.aperture.web.Api;
import dev.aperture.web.RouteGroup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/lists}: the configured and refreshed MDBList lists with item counts and last refresh. */
public final class ListRoutes implements RouteGroup {

    /** One list: configured in the MDBList settings, or only left over from an earlier refresh. */
    public record ListRow(String listId, boolean configured, int items, Instant lastRefreshedAt) {}

    private final ListStore lists;
    private final IntegrationStore settings;

    public ListRoutes(ListStore lists, IntegrationStore settings) {
        this.lists = lists;
        this.settings = settings;
    }

    @Override
    public void register(Api api) {
        api.get("/api/lists", ctx -> ctx.json(Map.of("lists", lists())));
    }

    /** What GET /api/lists answers; the MDBList page shows the same rows. */
    public List<ListRow> lists() {
        List<String> configured = RefreshMdblistListsJob.listIds(settings.load(ServiceId.MDBLIST));
        Map<String, ListRow> out = new LinkedHashMap<>();
        for (String id : configured) {
            out.put(id, new ListRow(id, true, 0, null));
        }
        for (ListStore.ListSummary s : lists.lists()) {
            out.put(s.listId(), new ListRow(s.listId(), configured.contains(s.listId()), s.items(), s.refreshedAt()));
        }
        return new ArrayList<>(out.values());
    }
}
