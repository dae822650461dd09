package dev.aperture.alerts;

import dev.aperture.calls.Occurrence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First occurrences the alert store could not take while it was down, aggregated per key so memory is
 * bounded by distinct failures, not by their number; beyond {@code maxKeys} keys they are dropped and counted.
 */
final class HeldOccurrences {

    private static final Logger LOG = LoggerFactory.getLogger(HeldOccurrences.class);

    /** One key's held occurrences: the first is written as itself, the rest are counted on it. */
    record Held(Occurrence first, Occurrence latest, long n) {}

    private final int maxKeys;
    private final LinkedHashMap<AlertMemory.Key, Held> held = new LinkedHashMap<>();
    private long dropped;

    HeldOccurrences(int maxKeys) {
        this.maxKeys = maxKeys;
    }

    synchronized void add(AlertMemory.Key key, Occurrence o, long n) {
        Held h = held.get(key);
        if (h != null) {
            held.put(key, new Held(h.first(), o, h.n() + n));
        } else if (held.size() < maxKeys) {
            held.put(key, new Held(o, o, n));
        } else {
            dropped += n;
            if (dropped == n || dropped % 10_000 < n) {
                LOG.error("alert store unavailable and {} distinct failures held: {} occurrences dropped so far",
                        maxKeys, dropped);
            }
        }
    }

    /** Everything held, oldest key first; nothing is held afterwards. */
    synchronized List<Held> takeAll() {
        List<Held> all = new ArrayList<>(held.values());
        held.clear();
        return all;
    }

    synchronized long dropped() {
        return dropped;
    }

    /** Occurrences held, all keys together. */
    synchronized long count() {
        return held.values().stream().mapToLong(Held::n).sum();
    }
}
