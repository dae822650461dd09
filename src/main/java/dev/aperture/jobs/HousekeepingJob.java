package dev.aperture.jobs;

import dev.aperture.alerts.Retention;
import java.time.Duration;
import java.util.List;

/** Retention as a job with its own runs: old alerts with their error records, and old job runs. */
public final class HousekeepingJob implements Job {

    private final Retention retention;
    private final RunStore runs;
    private final Duration keepRuns;
    private final Duration every;

    public HousekeepingJob(Retention retention, RunStore runs, Duration keepRuns, Duration every) {
        this.retention = retention;
        this.runs = runs;
        this.keepRuns = keepRuns;
        this.every = every;
    }

    @Override
    public String name() {
        return "housekeeping";
    }

    @Override
    public String description() {
        return "Deletes dismissed and resolved alerts (with their error records) after the retention period, "
                + "and job runs older than " + keepRuns.toDays() + " days.";
    }

    @Override
    public String defaultSchedule() {
        return new JobSchedule.Every(every).text();
    }

    @Override
    public List<Item> plan(RunScope scope) {
        return List.of(new Item("alerts", "Alert retention"), new Item("job-runs", "Job run retention"));
    }

    @Override
    public ItemOutcome process(Item item, RunScope scope) {
        if (item.key().equals("alerts")) {
            Retention.Purged purged = retention.run();
            return new ItemOutcome.Done("deleted " + purged.alerts() + " alerts and " + purged.errorRecords()
                    + " error records");
        }
        int pruned = runs.prune(scope.clock().instant().minus(keepRuns));
        return new ItemOutcome.Done("deleted " + pruned + " job runs");
    }
}
