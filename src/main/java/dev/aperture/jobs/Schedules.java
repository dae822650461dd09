package dev.aperture.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The persistent scheduler (db-scheduler): recurring work is rows in {@code scheduled_tasks}, so
 * with several processes on one PostgreSQL each task runs once across them, and a task missed
 * while the process was down runs at the next start.
 */
public final class Schedules implements AutoCloseable {

    public record Recurring(String name, Duration every, Runnable work) {}

    static final int DEAD_AFTER_BEATS = 6;

    private final Scheduler scheduler;

    /**
     * {@code beat}: how often each instance tells db-scheduler it is still executing what it picked. After
     * {@link #DEAD_AFTER_BEATS} missed beats another instance re-runs it (db-scheduler's default, 5 minutes
     * per beat, would leave the job ticker or the health checks stuck for half an hour behind a killed instance).
     */
    public Schedules(dev.aperture.store.Database database, List<Recurring> recurring, Duration beat) {
        List<RecurringTask<Void>> tasks = new ArrayList<>();
        for (Recurring r : recurring) {
            tasks.add(Tasks.recurring(r.name(), FixedDelay.of(r.every())).execute((instance, ctx) -> r.work().run()));
        }
        var builder = Scheduler.create(database.dataSource()).startTasks(tasks);
        if (database.vendor() == dev.aperture.store.Database.Vendor.SQLITE) {
            builder.jdbcCustomization(new SqliteJdbcCustomization());
        }
        this.scheduler = builder
                .threads(4)
                .pollingInterval(Duration.ofSeconds(2))
                .heartbeatInterval(beat)
                .missedHeartbeatsLimit(DEAD_AFTER_BEATS)
                .shutdownMaxWait(Duration.ofSeconds(5))
                .build();
    }

    public void start() {
        scheduler.start();
    }

    @Override
    public void close() {
        scheduler.stop();
    }
}
