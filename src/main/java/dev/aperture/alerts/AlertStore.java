package dev.aperture.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.FailureSink;
import dev.aperture.calls.Occurrence;
import dev.aperture.calls.Recorded;
import dev.aperture.calls.ServiceId;
import dev.aperture.calls.Severity;
import dev.aperture.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * The alert store: where classified failures become alerts, and where alerts are dismissed, resolved,
 * purged and read. It owns the rows in the database and what it holds in memory, and every read sees
 * every write this process made before it.
 *
 * <p>Unresolved alerts (one per ongoing problem, a small set) are served from memory, kept in step with
 * the database by this process's own writes and, with several instances on PostgreSQL, by the others'
 * announcements ({@link PgChangeFeed}); counts not yet written are added as they are read. Error records
 * and resolved alerts are read from the database.
 */
public final class AlertStore implements FailureSink {

    /** Counts held in memory are written this often: a storm costs one transaction per quarter second. */
    private static final Duration FLUSH_EVERY = Duration.ofMillis(250);
    /** Distinct failures counted (and held while the store is down) in memory at most. */
    private static final int MAX_KEYS = 10_000;

    public record Filter(Optional<String> service, Optional<ErrorType> type, Optional<Severity> severity) {
        public static Filter none() {
            return new Filter(Optional.empty(), Optional.empty(), Optional.empty());
        }

        public static Filter service(String service) {
            return new Filter(Optional.of(service), Optional.empty(), Optional.empty());
        }

        boolean accepts(Alert a) {
            return service.map(a.service()::equals).orElse(true) && type.map(t -> t == a.type()).orElse(true)
                    && severity.map(s -> s == a.severity()).orElse(true);
        }
    }

    public record Totals(long error, long warning, long info, long total) {}

    /** Errors first, then warnings, then the rest; the most recent first within each. */
    private static final Comparator<Alert> SHOWN = Comparator.comparingInt((Alert a) -> a.severity().ordinal())
            .thenComparing(Alert::lastSeenAt, Comparator.reverseOrder())
            .thenComparing(Alert::id, Comparator.reverseOrder());

    private final Clock clock;
    private final AlertListener listener;
    private final AlertTable table;
    private final AlertMemory memory = new AlertMemory(MAX_KEYS);
    private final CountWriter counts;
    private final OccurrenceBuffer buffer;
    private final ChangeFeed changes;
    private final ErrorLog errorLog;
    private final ErrorStats errorStats;
    private final ShownAlerts shown = new ShownAlerts(memory, SHOWN);

    public AlertStore(Database database, Clock clock, AlertListener listener, ObjectMapper json) {
        this.clock = clock;
        this.listener = listener;
        this.changes = database.vendor() == Database.Vendor.POSTGRESQL
                ? new PgChangeFeed(database::unpooledConnection) : ChangeFeed.NONE;
        this.table = new AlertTable(database.jdbi(), clock, changes, json);
        this.counts = new CountWriter(database.jdbi(), changes);
        this.buffer = new OccurrenceBuffer(database.jdbi(), memory, counts, FLUSH_EVERY, MAX_KEYS);
        this.errorLog = new ErrorLog(database.jdbi(), json);
        this.errorStats = new ErrorStats(database.jdbi());
        memory.reset(table.unresolved());
    }

    /** Starts writing counts in the background and, on PostgreSQL, following the other instances' changes. */
    public void start() {
        buffer.start(this::record);
        changes.start(new ChangeFeed.Listener() {
            @Override
            public void changed(Set<String> alertIds) {
                reread(alertIds);
            }

            @Override
            public void resync() {
                buffer.exclusively(() -> {
                    memory.reset(table.unresolved());
                    return null;
                });
            }
        });
    }

    /** Stops following changes, then writes what memory holds (as far as the store takes it). */
    public void stop() {
        changes.close();
        buffer.stop(this::record);
    }

    /**
     * Records one failure from the pipeline. A key already written is counted in memory; a new one is
     * written at once so its ids exist. While the store is down nothing blocks or throws: the occurrence
     * is held and written when the store answers, and no ids are answered for it.
     */
    @Override
    public Optional<Recorded> record(Occurrence occurrence) {
        Optional<Recorded> counted = memory.count(occurrence, 1);
        if (counted.isPresent()) {
            return counted;
        }
        if (buffer.storeDown()) {
            buffer.hold(occurrence, 1);
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(record(occurrence, 1, true));
        } catch (RuntimeException e) {
            buffer.storeFailed(e);
            buffer.hold(occurrence, 1);
            return Optional.empty();
        }
    }

    /** Adds {@code n} identical occurrences; answers the alert and error record they count on. */
    public Recorded record(Occurrence o, long n) {
        return record(o, n, false);
    }

    /** With {@code holdIfDown}: held, answering null, when the store went down while this waited its turn. */
    private Recorded record(Occurrence o, long n, boolean holdIfDown) {
        AlertTable.Written[] opened = new AlertTable.Written[1];
        Recorded recorded = buffer.exclusively(() -> {
            // Another thread may have written this key while this one waited: count on what it wrote.
            Optional<Recorded> counted = memory.count(o, n);
            if (counted.isPresent()) {
                return counted.get();
            }
            if (holdIfDown && buffer.storeDown()) {
                // A write that failed meanwhile took the pool's connection timeout; this one need not wait it too.
                buffer.hold(o, n);
                return null;
            }
            AlertTable.Written w = table.write(o, n);
            memory.written(o, w.alert(), w.errorId(), w.windowStart());
            if (w.alert().count() == n) {
                opened[0] = w;
            }
            return new Recorded(w.alert().id(), w.errorId());
        });
        if (opened[0] != null) {
            listener.opened(opened[0].alert());
        }
        return recorded;
    }

    /** Hides one alert; more occurrences of the same ongoing problem keep counting on it. False: no such alert. */
    public boolean dismiss(String id) {
        return buffer.exclusively(() -> {
            Optional<Alert> row = table.dismiss(id);
            row.filter(a -> a.resolvedAt() == null).ifPresent(a -> memory.replace(List.of(a)));
            return row.isPresent();
        });
    }

    /** Hides every open alert of a service; answers how many. */
    public int dismissService(ServiceId service) {
        return buffer.exclusively(() -> {
            List<Alert> rows = table.dismissService(service);
            memory.replace(rows);
            return rows.size();
        });
    }

    /**
     * Ends every unresolved alert of a service a success proves fixed, dismissed or not. With
     * {@code respectReset}, a rate limit whose reset time is still ahead stays.
     */
    public List<Alert> resolve(ServiceId service, Resolution why, boolean respectReset) {
        return end(why, null, AlertTable.fixedBy(service, why, respectReset, clock.millis()));
    }

    /**
     * Ends those of the given alerts still unresolved, recording the answer that ended them
     * ({@link Supersession} decides which).
     */
    public List<Alert> end(Collection<String> alertIds, Resolution why, String endedBy) {
        return alertIds.isEmpty() ? List.of() : end(why, endedBy, h -> AlertTable.rows(h, alertIds));
    }

    /**
     * Ends the unresolved alerts {@code choose} picks, in one transaction; answers them as they were just
     * before, counts included. Order matters: counts so far land on the alerts while they are still open,
     * then they end, then memory forgets them so the next occurrence opens a new alert.
     */
    private List<Alert> end(Resolution why, String endedBy, Function<Handle, List<Alert>> choose) {
        List<Alert> ended = buffer.exclusively(() -> {
            buffer.flush();
            List<Alert> rows = table.end(why, endedBy, choose);
            memory.drop(rows.stream().map(Alert::id).toList());
            return rows;
        });
        if (!ended.isEmpty()) {
            listener.resolved(ended);
        }
        return ended;
    }

    /** Retention: counts so far are written first, so a dismissed alert still occurring looks it. */
    Retention.Purged purge(Duration keep) {
        return buffer.exclusively(() -> {
            buffer.flush();
            AlertTable.Purge purge = table.purge(clock.millis() - keep.toMillis());
            memory.drop(purge.unresolvedIds());
            return purge.purged();
        });
    }

    /** Another instance changed these alerts: read them again (a missing one was deleted). */
    private void reread(Set<String> alertIds) {
        buffer.exclusively(() -> {
            List<Alert> rows = table.rows(alertIds);
            Set<String> gone = new HashSet<>(alertIds);
            rows.stream().filter(a -> a.resolvedAt() == null).forEach(a -> gone.remove(a.id()));
            memory.replace(rows.stream().filter(a -> a.resolvedAt() == null).toList());
            memory.drop(gone);
            return null;
        });
    }

    // Reads. Alerts come from memory; error records from the database after the counts held are written.

    /**
     * Moves on whenever an unresolved alert read from this store could read differently (this process's writes
     * and counts, and the changes other instances announce): what a reader built from the reads below stays
     * right while this is unchanged, so it can be kept and served again.
     */
    public long version() {
        return memory.version();
    }

    /** Open alerts (neither dismissed nor resolved) the filter accepts, as shown: errors first, newest first. */
    public List<Alert> open(Filter filter) {
        List<Alert> open = shown.now().open();
        return filter.equals(Filter.none()) ? open : open.stream().filter(filter::accepts).toList();
    }

    public List<Alert> openAlerts() {
        return open(Filter.none());
    }

    public List<Alert> openAlerts(ServiceId service) {
        return open(Filter.service(service.id()));
    }

    /** Counts of open alerts only: dismissed and resolved ones never count in totals, badges or charts. */
    public Totals totals() {
        return totals(false);
    }

    /** {@code includeDismissed}: dismissed alerts still unresolved count too (the dashboard's switch). */
    public Totals totals(boolean includeDismissed) {
        Map<Severity, Long> by = new EnumMap<>(Severity.class);
        memory.unresolved().stream().filter(a -> a.counts(includeDismissed)).forEach(a -> by.merge(a.severity(), 1L, Long::sum));
        long error = by.getOrDefault(Severity.ERROR, 0L);
        long warning = by.getOrDefault(Severity.WARNING, 0L);
        long info = by.getOrDefault(Severity.INFO, 0L);
        return new Totals(error, warning, info, error + warning + info);
    }

    /** Open-alert count per service id, services without open alerts left out. */
    public Map<String, Long> openCounts() {
        return openCounts(false);
    }

    /** {@code includeDismissed}: dismissed alerts still unresolved count too. */
    public Map<String, Long> openCounts(boolean includeDismissed) {
        Map<String, Long> out = new TreeMap<>();
        memory.unresolved().stream().filter(a -> a.counts(includeDismissed)).forEach(a -> out.merge(a.service(), 1L, Long::sum));
        return out;
    }

    /** One service's alerts as one read saw them: open ones as {@link #open} orders them, unresolved ones as {@link #ongoing}. */
    public record ServiceAlerts(List<Alert> open, List<Alert> ongoing) {
        public static final ServiceAlerts NONE = new ServiceAlerts(List.of(), List.of());
    }

    /**
     * Every service's open and ongoing alerts from one read of memory, by service id (services without any left
     * out): a page showing every service took two copies of the whole set per service.
     */
    public Map<String, ServiceAlerts> byService() {
        return shown.now().byService();
    }

    /** Unresolved alerts of a service, dismissed ones included: the problems still going on. */
    public List<Alert> ongoing(String service) {
        return memory.unresolved().stream().filter(a -> a.service().equals(service))
                .sorted(Comparator.comparing(Alert::id)).toList();
    }

    /** Any alert by id, open, dismissed or resolved. */
    public Optional<Alert> find(String id) {
        return memory.unresolved(id).or(() -> table.row(id));
    }

    /** Resolved and dismissed alerts, newest transition first. */
    public List<Alert> history(Optional<String> service, int limit) {
        return table.history(service, limit).stream()
                .map(a -> a.resolvedAt() == null ? memory.unresolved(a.id()).orElse(a) : a).toList();
    }

    public ErrorLog.Page errors(ErrorLog.Filter filter, int limit, Optional<String> cursor) {
        buffer.flushForRead();
        return errorLog.list(filter, limit, cursor);
    }

    /**
     * Occurrences since a time per service, type and bucket (an hour, a day), oldest first, for the dashboard;
     * those counted on dismissed alerts left out, as they are from every total.
     */
    public List<ErrorStats.Point> errorsSince(Instant since, Duration bucket) {
        return errorsSince(since, bucket, false);
    }

    /** {@code includeDismissed}: the occurrences of dismissed alerts count too (the dashboard's switch). */
    public List<ErrorStats.Point> errorsSince(Instant since, Duration bucket, boolean includeDismissed) {
        buffer.flushForRead();
        return errorStats.since(since, bucket, includeDismissed);
    }

    /** Occurrences that did not fit while the store was down: zero unless more distinct failures than memory holds. */
    public long dropped() {
        return buffer.dropped();
    }

    /** Occurrences counted or held in memory and not yet in the database. */
    public long unwritten() {
        return buffer.unwritten();
    }

    /** Runs inside every flush of counts, before it commits: a test holds a flush open with it. */
    void beforeCountsCommit(Runnable hook) {
        counts.beforeCommit(hook);
    }
}
