package dev.aperture.cluster;

import dev.aperture.web.Api;
import dev.aperture.web.RouteGroup;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/instances}: the processes sharing this database now, and which one answered. */
public final class InstanceRoutes implements RouteGroup {

    private final Instances instances;

    public InstanceRoutes(Instances instances) {
        this.instances = instances;
    }

    @Override
    public void register(Api api) {
        api.get("/api/instances", ctx -> {
            var live = instances.live();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("self", instances.name());
            body.put("sharing", instances.sharing());
            body.put("instances", live.stream().map(m -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", m.name());
                row.put("startedAt", m.startedAt());
                row.put("seenAt", m.seenAt());
                row.put("self", m.name().equals(instances.name()));
                return row;
            }).toList());
            ctx.json(body);
        });
    }
}
