package dev.aperture.jobs;

import dev.aperture.alerts.AlertStore;
import dev.aperture.alerts.Resolution;
import dev.aperture.calls.Calls;
import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.IntegrationStore;
import dev.aperture.pacing.Sleeper;
import dev.aperture.integrations.Integrations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and executes runs: the run row exists from the first moment, every item is stored before
 * work begins, each item's result is stored as it finishes (so a crash loses at most the items in
 * flight), and the run ends with a status that tells the truth about its items.
 */
public final class JobEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobEngine.class);
    /**
     * A run whose heartbeat is this many beats old belongs to a process that died (1 minute at the default 5 s):
     * long enough that a 30 s database outage, during which no heartbeat gets through, takes over nothing.
     */
    static final int STALE_AFTER_BEATS = 12;

    public static final class UnknownJob extends RuntimeException {
        UnknownJob(String name) {
            super("no job named '" + name + "'");
        }
    }

    /** A run id this engine has no row for (the web layer answers it as 404). */
    public static final class UnknownRun extends RuntimeException {
        UnknownRun(String runId) {
            super("no run with id " + runId);
        }
    }

    public static final class NotStartable extends RuntimeException {
        NotStartable(String message) {
            super(message);
        }
    }

    /** Told when a run ends (metrics). */
    @FunctionalInterface
    public interface RunListener {
        void finished(String job, RunStatus status);

        RunListener NONE = (job, status) -> {};
    }

    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final RunStore runs;
    private final JobCatalog catalog;
    private final Calls calls;
    private final Integrations integrations;
    private final IntegrationStore settings;
    private final AlertStore alerts;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RunScope.Policy policy;
    private final String owner;
    private final RunListener listener;
    private final Duration beat;
    private final Duration stale;
    private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> daemon(r, "aperture-job"));
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "aperture-job-heartbeat"));
    private final Set<String> active = ConcurrentHashMap.newKeySet();
    /** Set by {@link #stopTaking()}: runs take no new item, so a stop leaves the rest pending for a retry. */
    private final java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile long stopRequestedAt;
    /** How long an item in flight may take to finish once a stop begins (Config.stopGrace). */
    private final Duration finishGrace;

    public JobEngine(List<Job> all, RunStore runs, org.jdbi.v3.core.Jdbi jdbi, Calls calls, Integrations integrations,
                     IntegrationStore settings, AlertStore alerts, Clock clock, Sleeper sleeper, RunScope.Policy policy,
                     String owner, Duration beat, Duration finishGrace, RunListener listener) {
        for (Job job : all) {
            if (jobs.put(job.name(), job) != null) {
                throw new IllegalStateException("two jobs named " + job.name());
            }
        }
        this.runs = runs;
        this.catalog = new JobCatalog(jdbi, clock);
        this.calls = calls;
        this.integrations = integrations;
        this.settings = settings;
        this.alerts = alerts;
        this.clock = clock;
        this.sleeper = sleeper;
        this.policy = policy;
        this.owner = owner;
        this.listener = listener;
        this.beat = beat;
        this.finishGrace = finishGrace;
        this.stale = beat.multipliedBy(STALE_AFTER_BEATS);
    }

    /** Registers the jobs, marks runs left running by a dead process as interrupted, starts heartbeats. */
    public void start() {
        jobs.values().forEach(catalog::ensure);
        int interrupted = runs.interruptOwn(owner);
        if (interrupted > 0) {
            LOG.warn("{} job run(s) were interrupted by a restart; retry them to finish the remaining items",
                    interrupted);
        }
        heartbeats.scheduleAtFixedRate(() -> {
            try {
                runs.heartbeat(List.copyOf(active));
            } catch (RuntimeException e) {
                LOG.warn("job heartbeat failed: {}", e.toString());
            }
        }, beat.toMillis(), beat.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Map<String, Job> jobs() {
        return jobs;
    }

    JobCatalog catalog() {
        return catalog;
    }

    public RunStore runs() {
        return runs;
    }

    /** Starts a full run now; answers its id. */
    public String start(String jobName, String trigger) {
        Job job = job(jobName);
        requireReady(job);
        String runId = runs.start(job.name(), trigger, null, owner);
        submit(runId, job, null);
        return runId;
    }

    /** A new run over the items a run did not finish: failed ones, and pending ones it never reached. */
    public String retry(String runId) {
        return resume(runId, "retry");
    }

    private String resume(String runId, String trigger) {
        RunView parent = runs.find(runId).orElseThrow(() -> new UnknownRun(runId));
        if (parent.status() == RunStatus.RUNNING) {
            throw new NotStartable("run " + runId + " is still running");
        }
        Job job = job(parent.job());
        if (runs.unfinishedItems(runId).isEmpty()) {
            throw new NotStartable("run " + runId + " has no failed or pending items to retry");
        }
        requireReady(job);
        String newRun = runs.start(job.name(), trigger, runId, owner);
        submit(newRun, job, runId);
        return newRun;
    }

    public boolean cancel(String runId) {
        return runs.requestCancel(runId);
    }

    /** The scheduler's tick (on one instance at a time): takes over runs whose process died, runs due jobs once. */
    public void tick() {
        for (RunStore.Abandoned abandoned : runs.interruptStale(owner, stale)) {
            takeOver(abandoned);
        }
        Instant now = clock.instant();
        for (JobCatalog.Entry entry : catalog.all()) {
            Job job = jobs.get(entry.name());
            if (job == null || !entry.enabled() || entry.nextRunAt().isAfter(now) || !catalog.claimDue(entry, now)) {
                continue;
            }
            try {
                start(job.name(), "schedule");
            } catch (RunStore.AlreadyRunning | NotStartable e) {
                LOG.info("scheduled run of {} skipped: {}", job.name(), e.getMessage());
            }
        }
    }

    private void takeOver(RunStore.Abandoned a) {
        if (a.cancelRequested()) {
            runs.log(a.runId(), LogLevel.WARN, "Instance " + a.owner() + " stopped during the run; not resumed, because the "
                    + "admin had asked to cancel it");
            return;
        }
        try {
            String resumed = resume(a.runId(), "takeover");
            runs.log(a.runId(), LogLevel.WARN, "Instance " + a.owner() + " stopped during the run; run " + resumed
                    + " on instance " + owner + " resumes its unfinished items");
            LOG.warn("took over run {} of {} from instance {}, which stopped: new run {}", a.runId(), a.job(),
                    a.owner(), resumed);
        } catch (NotStartable | RunStore.AlreadyRunning | UnknownJob e) {
            runs.log(a.runId(), LogLevel.WARN, "Instance " + a.owner() + " stopped during the run; not resumed: "
                    + e.getMessage());
        }
    }

    private void requireReady(Job job) {
        for (ServiceId service : job.requires()) {
            var s = settings.load(service);
            if (!s.enabled() || !integrations.get(service).isConfigured(s)) {
                throw new NotStartable(job.name() + " needs " + service.displayName()
                        + ", which is not configured or is disabled (Settings → Integrations)");
            }
        }
    }

    private Job job(String name) {
        Job job = jobs.get(name);
        if (job == null) {
            throw new UnknownJob(name);
        }
        return job;
    }

    private void submit(String runId, Job job, String parentRunId) {
        active.add(runId);
        try {
            workers.submit(() -> {
                try {
                    execute(runId, job, parentRunId);
                } finally {
                    active.remove(runId);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            active.remove(runId);
            runs.log(runId, LogLevel.WARN, "Aperture is shutting down; the run did not start");
            runs.finish(runId, RunStatus.INTERRUPTED, "not started: Aperture was shutting down");
            throw new NotStartable("Aperture is shutting down");
        }
    }

    private void execute(String runId, Job job, String parentRunId) {
        RunScope scope = new RunScope(runId, calls, integrations, settings, runs, clock, sleeper, policy);
        RunStatus status;
        String reason = null;
        try {
            List<Job.Item> items;
            if (parentRunId == null) {
                runs.step(runId, "planning");
                items = job.plan(scope);
                runs.log(runId, LogLevel.INFO, job.planned(items));
            } else {
                items = runs.unfinishedItems(parentRunId);
                runs.log(runId, LogLevel.INFO, "Retrying " + items.size() + " unfinished item(s) of run " + parentRunId);
            }
            runs.addItems(runId, items, job.unit());
            status = work(runId, job, scope);
        } catch (Job.PlanFailed e) {
            reason = "Could not plan the run: " + e.getMessage();
            runs.log(runId, LogLevel.ERROR, reason);
            status = RunStatus.FAILED;
        } catch (RuntimeException e) {
            LOG.error("run {} of {} failed: {}", runId, job.name(), e.toString());
            reason = "The run stopped on an internal error (" + e.getClass().getSimpleName() + "); the server log has "
                    + "the details";
            runs.log(runId, LogLevel.ERROR, reason);
            status = RunStatus.FAILED;
        }
        RunView view = runs.find(runId).orElseThrow();
        String summary = reason != null && view.total() == 0 ? reason : summary(view, scope);
        // Resolve before the run reads as finished: whoever sees "succeeded" must not still see its alerts.
        if (status == RunStatus.SUCCEEDED) {
            for (ServiceId service : scope.servicesThatOnlySucceeded()) {
                alerts.resolve(service, Resolution.JOB, false);
            }
        }
        runs.log(runId, status == RunStatus.SUCCEEDED ? LogLevel.INFO : LogLevel.WARN,
                "Run " + status.words() + ": " + summary);
        runs.finish(runId, status, summary);
        listener.finished(job.name(), status);
    }

    private RunStatus work(String runId, Job job, RunScope scope) {
        for (Job.Item item : runs.pendingItems(runId)) {
            if (stopping.get()) {
                runs.log(runId, LogLevel.WARN, "Aperture is shutting down; the remaining items stay pending (retry the "
                        + "run to finish them)");
                return RunStatus.INTERRUPTED;
            }
            RunStore.Control control = runs.control(runId);
            if (control == RunStore.Control.CANCEL) {
                runs.log(runId, LogLevel.WARN, "Cancelled by the admin; the remaining items stay pending");
                return RunStatus.CANCELLED;
            }
            if (control == RunStore.Control.TAKEN_OVER) {
                // Our heartbeat did not reach the database for a minute and another instance resumed the run.
                LOG.warn("run {} of {} was taken over by another instance; this one stops", runId, job.name());
                return RunStatus.INTERRUPTED;
            }
            ItemOutcome outcome;
            try {
                outcome = job.process(item, scope);
            } catch (RuntimeException e) {
                LOG.error("job {} failed on item {}: {}", job.name(), item.key(), e.toString());
                outcome = new ItemOutcome.Failed(null, "internal error: " + e.getClass().getSimpleName(), null);
            }
            // Cleared before writing: the item's row must still reach the store after the stop's interrupt.
            if (Thread.interrupted()) {
                // Cut short by the stop: what the item got so far is not a verdict on it, so it stays pending.
                record(runId, item, outcome instanceof ItemOutcome.Done || outcome instanceof ItemOutcome.NotFound
                        ? outcome : new ItemOutcome.Pending(null, "interrupted by a shutdown"));
                runs.log(runId, LogLevel.WARN, "Aperture is shutting down; the remaining items stay pending (retry the "
                        + "run to finish them)");
                return RunStatus.INTERRUPTED;
            }
            record(runId, item, outcome);
        }
        RunView view = runs.find(runId).orElseThrow();
        if (view.failed() == 0 && view.pending() == 0) {
            return RunStatus.SUCCEEDED;
        }
        return view.done() + view.notFound() > 0 ? RunStatus.COMPLETED_WITH_ERRORS : RunStatus.FAILED;
    }

    private void record(String runId, Job.Item item, ItemOutcome outcome) {
        if (outcome instanceof ItemOutcome.Done d) {
            runs.finishItem(runId, item, ItemStatus.DONE, d.detail(), null, null);
        } else if (outcome instanceof ItemOutcome.NotFound nf) {
            runs.finishItem(runId, item, ItemStatus.NOT_FOUND, nf.detail(), null, null);
            runs.log(runId, new RunStore.Entry(LogLevel.INFO, "Not found (normal for some titles): " + nf.detail(), null,
                    item.label(), null, null));
        } else if (outcome instanceof ItemOutcome.Failed f) {
            String alertId = f.recorded() == null ? null : f.recorded().alertId();
            runs.finishItem(runId, item, ItemStatus.FAILED, f.detail(), f.service() == null ? null : f.service().id(), alertId);
        } else if (outcome instanceof ItemOutcome.Pending p) {
            runs.finishItem(runId, item, ItemStatus.PENDING, p.detail(), p.service() == null ? null : p.service().id(), null);
        }
    }

    private static String summary(RunView v, RunScope scope) {
        StringBuilder s = new StringBuilder(v.done() + " done, " + v.notFound() + " not found, " + v.failed()
                + " failed, " + v.pending() + " pending");
        for (ServiceId service : ServiceId.values()) {
            scope.stopReason(service).ifPresent(r -> s.append("; ").append(r));
        }
        return s.toString();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Starts a stop: runs take no new item and no new run starts; items in flight carry on until {@link #close()}.
     * Called first in a shutdown so their grace overlaps the scheduler's.
     */
    public void stopTaking() {
        if (stopping.compareAndSet(false, true)) {
            // Real elapsed time, not the injected clock: this bounds how long the process takes to exit.
            stopRequestedAt = System.nanoTime();
        }
        workers.shutdown();
    }

    /**
     * Lets the items in flight finish until {@link #finishGrace} after {@link #stopTaking()}, then interrupts
     * them (they stay pending) and each run ends as interrupted, so a retry resumes it.
     */
    @Override
    public void close() {
        stopTaking();
        try {
            long left = finishGrace.toNanos() - (System.nanoTime() - stopRequestedAt);
            if (!workers.awaitTermination(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                workers.shutdownNow();
                workers.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        // Last: a run still finishing must keep telling other instances it is alive.
        heartbeats.shutdownNow();
    }

    Optional<Job> find(String name) {
        return Optional.ofNullable(jobs.get(name));
    }
}
