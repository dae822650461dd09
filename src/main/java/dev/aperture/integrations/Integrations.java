package dev.aperture.integrations;

import dev.aperture.calls.Classifier;
import dev.aperture.calls.ServiceId;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The registry of service dialects; refuses a missing or duplicate service at start-up. */
public final class Integrations {

    private final Map<ServiceId, Integration> byId = new EnumMap<>(ServiceId.class);

    public Integrations(List<Integration> all) {
        for (Integration integration : all) {
            if (byId.put(integration.id(), integration) != null) {
                throw new IllegalStateException("two integrations for " + integration.id().id());
            }
        }
        for (ServiceId id : ServiceId.values()) {
            if (!byId.containsKey(id)) {
                throw new IllegalStateException("no integration for " + id.id());
            }
        }
    }

    public Integration get(ServiceId id) {
        return byId.get(id);
    }

    /** A service's integration as its own type, for the jobs that use its endpoints. */
    public <T extends Integration> T get(ServiceId id, Class<T> type) {
        return type.cast(byId.get(id));
    }

    public Collection<Integration> all() {
        return byId.values();
    }

    public Map<ServiceId, Classifier> classifiers() {
        Map<ServiceId, Classifier> out = new EnumMap<>(ServiceId.class);
        byId.forEach((id, i) -> out.put(id, i.classifier()));
        return out;
    }

    public Map<ServiceId, dev.aperture.pacing.PacingPolicy> policies() {
        Map<ServiceId, dev.aperture.pacing.PacingPolicy> out = new EnumMap<>(ServiceId.class);
        byId.forEach((id, i) -> out.put(id, i.pacing()));
        return out;
    }

    public Map<ServiceId, Boolean> probeCosts() {
        Map<ServiceId, Boolean> out = new EnumMap<>(ServiceId.class);
        byId.forEach((id, i) -> out.put(id, i.probeCostsQuota()));
        return out;
    }

    public Map<ServiceId, Boolean> selfHosted() {
        Map<ServiceId, Boolean> out = new EnumMap<>(ServiceId.class);
        byId.forEach((id, i) -> out.put(id, i.selfHosted()));
        return out;
    }
}
