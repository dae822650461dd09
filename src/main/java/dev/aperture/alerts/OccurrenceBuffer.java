package dev.aperture.alerts;

import dev.aperture.calls.Occurrence;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write-behind inside the alert store, so a storm of identical failures costs memory arithmetic per
 * failure instead of a transaction each.
 *
 * <p>The first occurrence of a key is written synchronously (a job's log line needs the alert and
 * error-record ids at once); later ones within the error record's aggregation window are counted in
 * {@link AlertMemory} and written in one batch every {@code every} by a background thread, and before
 * a resolve, a retention pass and a read of error records.
 *
 * <p>Every write of this process that replaces alert rows in memory (a flush, a first occurrence, a
 * dismiss, a resolve, a re-read after another instance's change) runs {@link #exclusively}: a row read
 * while a flush is under way could hold counts that memory still counts as being written.
 *
 * <p>A flush adds counts only to an alert that is still unresolved. Counts of an alert resolved
 * meanwhile (by another process, or deleted by retention) are not lost and not put on the ended alert:
 * they move to the held occurrences, which go through the normal upsert and open a new alert.
 *
 * <p>While the store cannot be written, counts stay in memory and first occurrences are held
 * (aggregated per key) instead of blocking the caller; all of it is written when the store answers.
 */
final class OccurrenceBuffer {

    private static final Logger LOG = LoggerFactory.getLogger(OccurrenceBuffer.class);

    /** How held occurrences reach the store: the store's synchronous upsert. */
    @FunctionalInterface
    interface Writer {
        void write(Occurrence occurrence, long n);
    }

    private final Jdbi jdbi;
    private final AlertMemory memory;
    private final CountWriter counts;
    private final Duration every;
    private final HeldOccurrences held;
    private final ReentrantLock writing = new ReentrantLock();
    private volatile boolean storeDown;
    private ScheduledExecutorService flusher;

    OccurrenceBuffer(Jdbi jdbi, AlertMemory memory, CountWriter counts, Duration every, int maxKeys) {
        this.jdbi = jdbi;
        this.memory = memory;
        this.counts = counts;
        this.every = every;
        this.held = new HeldOccurrences(maxKeys);
    }

    /** Runs {@code write} as the only write of this process that touches alert rows and memory. */
    <T> T exclusively(Supplier<T> write) {
        writing.lock();
        try {
            return write.get();
        } finally {
            writing.unlock();
        }
    }

    boolean storeDown() {
        return storeDown;
    }

    /** Keeps an occurrence the store could not take, aggregated per key, for the flusher to write later. */
    void hold(Occurrence o, long n) {
        held.add(AlertMemory.Key.of(o), o, n);
    }

    void storeFailed(RuntimeException e) {
        if (!storeDown) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            // The root cause is the driver's own message (no bound values, which JDBI's wrapper would add).
            LOG.error("alert store unavailable ({}: {}): counting failures in memory until it answers",
                    root.getClass().getSimpleName(), dev.aperture.logs.LogText.escape(String.valueOf(root.getMessage())));
        }
        storeDown = true;
    }

    long dropped() {
        return held.dropped();
    }

    /** Occurrences counted or held in memory and not yet in the store. */
    long unwritten() {
        return memory.unwritten() + held.count();
    }

    /**
     * Before a read of error records: every count so far is written, including those a flush under way
     * has taken (the lock waits for it), unless the store is down (then it cannot be read anyway).
     */
    void flushForRead() {
        if (storeDown) {
            return;
        }
        try {
            flush();
        } catch (RuntimeException e) {
            // recorded by flush: the read goes on and says what the store says
        }
    }

    /** Writes the pending counts in one transaction. On failure the counts stay pending and it rethrows. */
    void flush() {
        writing.lock();
        try {
            if (!memory.hasPending()) {
                return;
            }
            List<AlertMemory.Pending> batch = memory.startWriting();
            CountWriter.Result result;
            try {
                result = counts.write(batch);
            } catch (RuntimeException e) {
                memory.failed();
                storeFailed(e);
                throw e;
            }
            memory.committed(result.rows(), result.ended());
            recovered();
            batch.stream().filter(p -> result.ended().contains(p.slot.alertId())).forEach(p -> hold(p.latest, p.n));
        } finally {
            writing.unlock();
        }
    }

    /** Writes the held occurrences: the first of each key as itself, the rest counted on it. */
    void drainHeld(Writer writer) {
        List<HeldOccurrences.Held> todo = held.takeAll();
        for (int i = 0; i < todo.size(); i++) {
            HeldOccurrences.Held h = todo.get(i);
            boolean firstWritten = false;
            try {
                writer.write(h.first(), 1);
                firstWritten = true;
                if (h.n() > 1 && memory.count(h.latest(), h.n() - 1).isEmpty()) {
                    writer.write(h.latest(), h.n() - 1);
                }
            } catch (RuntimeException e) {
                if (!firstWritten) {
                    hold(h.first(), 1);
                }
                if (h.n() > 1) {
                    hold(h.latest(), h.n() - 1);
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
        if (!todo.isEmpty()) {
            recovered();
        }
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
        if (flusher != null) {
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
