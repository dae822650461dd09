package dev.aperture.alerts;

import dev.aperture.calls.Occurrence;
import dev.aperture.calls.Recorded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write-behind in front of the alert store, so a storm of identical failures costs memory
 * arithmetic per failure instead of a transaction each.
 *
 * <p>The first occurrence of a key is written by {@link AlertBook} synchronously (a job's log line
 * needs the alert and error-record ids at once); the book then teaches the ids here. Later
 * occurrences of that key within the error record's aggregation window are only counted here and
 * written in one batch per flush: every {@code every} by a background thread, and before any read of
 * alerts or error records (so every view reads its own writes) and before a dismiss or resolve.
 *
 * <p>A flush adds counts only to an alert that is still unresolved ({@code WHERE resolved_at IS
 * NULL}). Counts of an alert resolved meanwhile (by this process between its flush and its cache
 * drop, by another process, or deleted by retention) are not lost and not put on the ended alert:
 * they move to the held occurrences, which go through the book's normal upsert and open a new alert.
 *
 * <p>While the store cannot be written, counts stay here and first occurrences are held (aggregated
 * per key) instead of blocking the caller; all of it is written when the store answers again. Memory
 * is bounded by keys, not occurrences: at most {@code maxKeys} known keys, pending counts and held
 * keys; a held key beyond that is dropped and counted in {@link #dropped()} and the log.
 */
public final class OccurrenceBuffer {

    private static final Logger LOG = LoggerFactory.getLogger(OccurrenceBuffer.class);

    /** How held occurrences reach the store: the book's synchronous upsert. */
    @FunctionalInterface
    interface Writer {
        void write(Occurrence occurrence, long n);
    }

    record Key(String service, String type, String subject, String code, Integer status, String run) {
        static Key of(Occurrence o) {
            return new Key(o.service().id(), o.failure().type().wire(), o.failure().subject(), o.failure().code(),
                    o.failure().httpStatus(), o.jobRunId());
        }
    }

    /** Where a key's occurrences are counted: an open alert and the error record of its current window. */
    record Slot(String alertId, String errorId, long windowStart) {}

    /** Occurrences of one key counted here since the last flush. */
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

    private final Jdbi jdbi;
    private final CountWriter counts;
    private final Duration every;
    private final int maxKeys;
    private final boolean enabled;
    private final Object lock = new Object();
    private final ReentrantLock flushing = new ReentrantLock();
    private final LinkedHashMap<Key, Slot> known = new LinkedHashMap<>(256, 0.75f, true);
    private Map<String, Pending> pending = new LinkedHashMap<>();
    private final HeldOccurrences held;
    private volatile boolean storeDown;
    private ScheduledExecutorService flusher;

    public OccurrenceBuffer(Jdbi jdbi, Duration every, int maxKeys) {
        this(jdbi, every, maxKeys, true);
    }

    private OccurrenceBuffer(Jdbi jdbi, Duration every, int maxKeys, boolean enabled) {
        this.jdbi = jdbi;
        this.counts = new CountWriter(jdbi);
        this.every = every;
        this.maxKeys = maxKeys;
        this.enabled = enabled;
        this.held = new HeldOccurrences(maxKeys);
    }

    /** Writes everything through at once: what a book built without a buffer does. */
    static OccurrenceBuffer off(Jdbi jdbi) {
        return new OccurrenceBuffer(jdbi, Duration.ofSeconds(1), 0, false);
    }

    boolean enabled() {
        return enabled;
    }

    boolean storeDown() {
        return storeDown;
    }

    /** Counts {@code n} occurrences in memory when their key has a known slot; answers its alert and error record. */
    Optional<Recorded> count(Occurrence o, long n) {
        if (!enabled) {
            return Optional.empty();
        }
        Key key = Key.of(o);
        synchronized (lock) {
            Slot slot = known.get(key);
            if (slot == null || o.at().toEpochMilli() > slot.windowStart() + AlertBook.AGGREGATION_WINDOW.toMillis()) {
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
    }

    /** The book wrote an occurrence of this key: later ones are counted here. */
    void learn(Occurrence o, String alertId, String errorId, long windowStart) {
        if (!enabled) {
            return;
        }
        synchronized (lock) {
            known.put(Key.of(o), new Slot(alertId, errorId, windowStart));
            if (known.size() > maxKeys) {
                known.remove(known.keySet().iterator().next());
            }
        }
    }

    /** These alerts ended: the next occurrence of their keys goes to the store and opens a new alert. */
    void forget(Set<String> alertIds) {
        synchronized (lock) {
            known.values().removeIf(s -> alertIds.contains(s.alertId()));
        }
    }

    /** Keeps an occurrence the store could not take, aggregated per key, for the flusher to write later. */
    void hold(Occurrence o, long n) {
        held.add(Key.of(o), o, n);
    }

    void storeFailed(RuntimeException e) {
        if (!storeDown) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            // The root cause is the driver's own message (no bound values, which JDBI's wrapper would add).
            LOG.error("alert store unavailable ({}: {}): counting failures in memory until it answers",
                    root.getClass().getSimpleName(), root.getMessage());
        }
        storeDown = true;
    }

    /** Occurrences that did not fit while the store was down: zero unless more than {@code maxKeys} keys failed. */
    public long dropped() {
        return held.dropped();
    }

    /** Occurrences counted or held here and not yet in the store. */
    public long unwritten() {
        synchronized (lock) {
            return pending.values().stream().mapToLong(p -> p.n).sum() + held.count();
        }
    }

    /** Before a read: the view sees every count so far, unless the store is down (then it cannot read anyway). */
    void flushForRead() {
        if (!enabled || storeDown) {
            return;
        }
        synchronized (lock) {
            if (pending.isEmpty()) {
                return;
            }
        }
        try {
            flush();
        } catch (RuntimeException e) {
            storeFailed(e);
        }
    }

    /**
     * Writes the pending counts in one transaction. One flush at a time, so a reader that flushes
     * waits for a flush already under way instead of reading before it commits. On failure the
     * counts go back and the exception is rethrown.
     */
    void flush() {
        if (!enabled) {
            return;
        }
        flushing.lock();
        try {
            List<Pending> batch;
            synchronized (lock) {
                if (pending.isEmpty()) {
                    return;
                }
                batch = new ArrayList<>(pending.values());
                pending = new LinkedHashMap<>();
            }
            Set<String> ended;
            try {
                ended = counts.write(batch);
            } catch (RuntimeException e) {
                synchronized (lock) {
                    for (Pending p : batch) {
                        Pending now = pending.get(p.slot.errorId());
                        if (now == null) {
                            pending.put(p.slot.errorId(), p);
                        } else {
                            now.n += p.n;
                        }
                    }
                }
                storeFailed(e);
                throw e;
            }
            recovered();
            if (!ended.isEmpty()) {
                forget(ended);
                batch.stream().filter(p -> ended.contains(p.slot.alertId())).forEach(p -> hold(p.latest, p.n));
            }
        } finally {
            flushing.unlock();
        }
    }

    /** Writes the held occurrences through the book: the first of each key as itself, the rest counted on it. */
    void drainHeld(Writer writer) {
        List<HeldOccurrences.Held> todo = held.takeAll();
        if (todo.isEmpty()) {
            return;
        }
        for (int i = 0; i < todo.size(); i++) {
            HeldOccurrences.Held h = todo.get(i);
            boolean firstWritten = false;
            try {
                writer.write(h.first(), 1);
                firstWritten = true;
                if (h.n() > 1 && count(h.latest(), h.n() - 1).isEmpty()) {
                    writer.write(h.latest(), h.n() - 1);
                }
            } catch (RuntimeException e) {
                if (firstWritten) {
                    hold(h.latest(), h.n() - 1);
                } else {
                    hold(h.first(), 1);
                    if (h.n() > 1) {
                        hold(h.latest(), h.n() - 1);
                    }
                }
                todo.subList(i + 1, todo.size()).forEach(rest -> {
                    hold(rest.first(), 1);
                    if (rest.n() > 1) {
                        hold(rest.latest(), rest.n() - 1);
                    }
                });
                storeFailed(e);
                throw e;
            }
        }
        recovered();
    }

    private void recovered() {
        if (storeDown) {
            storeDown = false;
            LOG.info("alert store answers again: writing the failures counted meanwhile");
        }
    }

    /** One background pass: pending counts, then held occurrences; a store that is down is retried next pass. */
    void tick(Writer writer) {
        try {
            flush();
            drainHeld(writer);
            // Held occurrences beyond the first of each key were just counted: write them in this pass too.
            flush();
            if (storeDown) {
                jdbi.useHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
                recovered();
            }
        } catch (RuntimeException e) {
            storeFailed(e);
        }
    }

    void start(Writer writer) {
        if (!enabled || flusher != null) {
            return;
        }
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alert-flusher");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(() -> tick(writer), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the background flusher after one last pass. */
    void stop(Writer writer) {
        if (flusher != null) {
            flusher.shutdownNow();
            try {
                flusher.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            flusher = null;
        }
        tick(writer);
    }
}
