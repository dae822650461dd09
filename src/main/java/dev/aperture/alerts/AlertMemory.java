package dev.aperture.alerts;

import dev.aperture.calls.Occurrence;
import dev.aperture.calls.Recorded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the store holds in memory, under one lock so a reader never sees a count twice or not at all:
 * the unresolved alerts as the database last showed them to this process, the slots where repeated
 * occurrences are counted, the counts not yet written ({@code pending}) and those being written now
 * ({@code writing}). An alert as read is its row plus its pending and writing counts; when a write
 * commits, its counts leave {@code writing} and the rows it left replace the old ones in one step.
 *
 * <p>The unresolved set is small (one alert per ongoing problem) and the known slots are bounded by
 * {@code maxKeys}, like the pending counts.
 */
final class AlertMemory {

    record Key(String service, String type, String subject, String code, Integer status, String run) {
        static Key of(Occurrence o) {
            return new Key(o.service().id(), o.failure().type().wire(), o.failure().subject(), o.failure().code(),
                    o.failure().httpStatus(), o.jobRunId());
        }
    }

    /** Where a key's occurrences are counted: an open alert and the error record of its current window. */
    record Slot(String alertId, String errorId, long windowStart) {}

    /** Occurrences of one key counted here and not yet written. */
    static final class Pending {
        final Slot slot;
        long n;
        Occurrence latest;

        Pending(Slot slot, Occurrence latest, long n) {
            this.slot = slot;
            this.latest = latest;
            this.n = n;
        }
    }

    private final int maxKeys;
    private final LinkedHashMap<Key, Slot> known = new LinkedHashMap<>(256, 0.75f, true);
    private Map<String, Pending> pending = new LinkedHashMap<>();
    private List<Pending> writing = List.of();
    private final Map<String, Alert> unresolved = new HashMap<>();
    /** Moves on with every change a read could see, so a reader can keep what it built from the last one. */
    private long version;

    AlertMemory(int maxKeys) {
        this.maxKeys = maxKeys;
    }

    /** Counts {@code n} occurrences when their key has a slot in its window; answers where they count. */
    synchronized Optional<Recorded> count(Occurrence o, long n) {
        version++;
        Slot slot = known.get(Key.of(o));
        if (slot == null || o.at().toEpochMilli() > slot.windowStart() + AlertTable.AGGREGATION_WINDOW.toMillis()) {
            return Optional.empty();
        }
        Pending p = pending.get(slot.errorId());
        if (p == null) {
            if (pending.size() >= maxKeys) {
                return Optional.empty();
            }
            pending.put(slot.errorId(), new Pending(slot, o, n));
        } else {
            p.n += n;
            p.latest = o;
        }
        return Optional.of(new Recorded(slot.alertId(), slot.errorId()));
    }

    /** An occurrence was written through: its alert as the write left it, and the slot later ones count in. */
    synchronized void written(Occurrence o, Alert row, String errorId, long windowStart) {
        version++;
        unresolved.put(row.id(), row);
        known.put(Key.of(o), new Slot(row.id(), errorId, windowStart));
        if (known.size() > maxKeys) {
            known.remove(known.keySet().iterator().next());
        }
    }

    synchronized boolean hasPending() {
        return !pending.isEmpty();
    }

    /** The pending counts, moved to {@code writing}: still counted by readers until {@link #committed}. */
    synchronized List<Pending> startWriting() {
        writing = new ArrayList<>(pending.values());
        pending = new LinkedHashMap<>();
        return writing;
    }

    /** The write committed: its rows replace the old ones, and alerts it found ended are dropped. */
    synchronized void committed(List<Alert> rows, Set<String> ended) {
        version++;
        writing = List.of();
        rows.forEach(a -> unresolved.put(a.id(), a));
        drop(ended);
    }

    /** The write failed: its counts are pending again. */
    synchronized void failed() {
        version++;
        for (Pending p : writing) {
            Pending now = pending.get(p.slot.errorId());
            if (now == null) {
                pending.put(p.slot.errorId(), p);
            } else {
                now.n += p.n;
            }
        }
        writing = List.of();
    }

    /** These rows are the database's now (a dismiss, or a change another instance announced). */
    synchronized void replace(Collection<Alert> rows) {
        version++;
        rows.forEach(a -> unresolved.put(a.id(), a));
    }

    /** These alerts ended (resolved, or deleted): the next occurrence of their keys opens a new alert. */
    synchronized void drop(Collection<String> alertIds) {
        version++;
        if (alertIds.isEmpty()) {
            return;
        }
        Set<String> ids = alertIds instanceof Set<String> s ? s : new HashSet<>(alertIds);
        unresolved.keySet().removeAll(ids);
        known.values().removeIf(s -> ids.contains(s.alertId()));
    }

    /** The whole unresolved set as the database holds it now (at start, or after a lost connection). */
    synchronized void reset(List<Alert> rows) {
        version++;
        Set<String> gone = new HashSet<>(unresolved.keySet());
        rows.forEach(a -> gone.remove(a.id()));
        drop(gone);
        rows.forEach(a -> unresolved.put(a.id(), a));
    }

    synchronized long version() {
        return version;
    }

    /** Every unresolved alert, dismissed ones included, with the counts not yet written. */
    synchronized List<Alert> unresolved() {
        if (pending.isEmpty() && writing.isEmpty()) {
            return List.copyOf(unresolved.values());
        }
        Map<String, Tally> tallies = tallies();
        List<Alert> out = new ArrayList<>(unresolved.size());
        for (Alert a : unresolved.values()) {
            Tally t = tallies.get(a.id());
            out.add(t == null ? a : t.on(a));
        }
        return out;
    }

    synchronized Optional<Alert> unresolved(String id) {
        Alert a = unresolved.get(id);
        if (a == null) {
            return Optional.empty();
        }
        Tally t = tallies().get(id);
        return Optional.of(t == null ? a : t.on(a));
    }

    /** Occurrences counted here and not yet in the store. */
    synchronized long unwritten() {
        return pending.values().stream().mapToLong(p -> p.n).sum() + writing.stream().mapToLong(p -> p.n).sum();
    }

    private Map<String, Tally> tallies() {
        Map<String, Tally> out = new HashMap<>();
        pending.values().forEach(p -> out.computeIfAbsent(p.slot.alertId(), k -> new Tally()).add(p));
        writing.forEach(p -> out.computeIfAbsent(p.slot.alertId(), k -> new Tally()).add(p));
        return out;
    }

    /** Counts of one alert not yet in its row; applied as {@link CountWriter} will write them. */
    private static final class Tally {
        long n;
        Occurrence latest;

        void add(Pending p) {
            n += p.n;
            if (latest == null || p.latest.at().isAfter(latest.at())) {
                latest = p.latest;
            }
        }

        Alert on(Alert a) {
            Instant last = latest.at().isAfter(a.lastSeenAt()) ? latest.at() : a.lastSeenAt();
            var f = latest.failure();
            return new Alert(a.id(), a.service(), a.type(), a.severity(), a.subject(), a.title(), f.message(),
                    f.action(), a.code(), f.httpStatus(), a.count() + n, a.firstSeenAt(), last,
                    f.resetAt().orElse(null), latest.jobRunId() != null ? latest.jobRunId() : a.jobRunId(),
                    a.dismissedAt(), a.dismissalReason(), a.resolvedAt(), a.resolution(), a.endedBy());
        }
    }
}
