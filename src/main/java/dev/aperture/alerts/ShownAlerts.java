package dev.aperture.alerts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The open alerts as shown and every service's alerts, built once per version of {@link AlertMemory}: every page
 * view and live poll asks for them, and between two changes they are the same (docs/benchmarks.md, "Read path").
 * The version is read before the alerts, so what is kept is never older than the version it is kept under.
 */
final class ShownAlerts {

    record Snapshot(long version, List<Alert> open, Map<String, AlertStore.ServiceAlerts> byService) {}

    private final AlertMemory memory;
    private final Comparator<Alert> shownOrder;
    private volatile Snapshot last;

    ShownAlerts(AlertMemory memory, Comparator<Alert> shownOrder) {
        this.memory = memory;
        this.shownOrder = shownOrder;
    }

    Snapshot now() {
        long version = memory.version();
        Snapshot kept = last;
        if (kept != null && kept.version() == version) {
            return kept;
        }
        List<Alert> unresolved = memory.unresolved();
        Map<String, List<Alert>> byService = new HashMap<>();
        for (Alert a : unresolved) {
            byService.computeIfAbsent(a.service(), k -> new ArrayList<>()).add(a);
        }
        Map<String, AlertStore.ServiceAlerts> each = new HashMap<>();
        byService.forEach((service, list) -> each.put(service, new AlertStore.ServiceAlerts(
                list.stream().filter(a -> a.dismissedAt() == null).sorted(shownOrder).toList(),
                list.stream().sorted(Comparator.comparing(Alert::id)).toList())));
        Snapshot built = new Snapshot(version,
                unresolved.stream().filter(a -> a.dismissedAt() == null).sorted(shownOrder).toList(), Map.copyOf(each));
        last = built;
        return built;
    }
}
