package dev.aperture.lists;

import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.IntegrationStore;
import dev.aperture.web.Api;
import dev.aperture.web.RouteGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/lists}: the configured and refreshed MDBList lists with item counts and last refresh. */
public final class ListRoutes implements RouteGroup {

    private final ListStore lists;
    private final IntegrationStore settings;

    public ListRoutes(ListStore lists, IntegrationStore settings) {
        this.lists = lists;
        this.settings = settings;
    }

    @Override
    public void register(Api api) {
        api.get("/api/lists", ctx -> {
            List<String> configured = RefreshMdblistListsJob.listIds(settings.load(ServiceId.MDBLIST));
            Map<String, Map<String, Object>> out = new LinkedHashMap<>();
            for (String id : configured) {
                out.put(id, view(id, true, 0, null));
            }
            for (ListStore.ListSummary s : lists.lists()) {
                out.put(s.listId(), view(s.listId(), configured.contains(s.listId()), s.items(), s.refreshedAt()));
            }
            ctx.json(Map.of("lists", new ArrayList<>(out.values())));
        });
    }

    private static Map<String, Object> view(String id, boolean configured, int items, java.time.Instant refreshedAt) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("listId", id);
        v.put("configured", configured);
        v.put("items", items);
        v.put("lastRefreshedAt", refreshedAt);
        return v;
    }
}
