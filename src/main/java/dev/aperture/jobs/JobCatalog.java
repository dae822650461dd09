package dev.aperture.jobs;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Each job's schedule, whether it is enabled, and when it is next due; kept in the database. */
final class JobCatalog {

    record Entry(String name, boolean enabled, String schedule, Instant nextRunAt) {}

    private final Jdbi jdbi;
    private final Clock clock;

    JobCatalog(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Adds jobs a fresh install does not know yet; first due one period from now. */
    void ensure(Job job) {
        JobSchedule schedule = JobSchedule.parse(job.defaultSchedule())
                .orElseThrow(() -> new IllegalStateException("bad default schedule of " + job.name()));
        Instant now = clock.instant();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO jobs (name, enabled, schedule, next_run_at, updated_at) "
                        + "VALUES (:name, 1, :schedule, :next, :now) ON CONFLICT (name) DO NOTHING")
                .bind("name", job.name()).bind("schedule", schedule.text())
                .bind("next", schedule.next(now).toEpochMilli()).bind("now", now.toEpochMilli()).execute());
    }

    Optional<Entry> find(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT name, enabled, schedule, next_run_at FROM jobs WHERE name = :n")
                .bind("n", name).map((rs, ctx) -> entry(rs)).findOne());
    }

    List<Entry> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT name, enabled, schedule, next_run_at FROM jobs ORDER BY name")
                .map((rs, ctx) -> entry(rs)).list());
    }

    void update(String name, boolean enabled, JobSchedule schedule) {
        Instant now = clock.instant();
        jdbi.useHandle(h -> h.createUpdate("UPDATE jobs SET enabled = :e, schedule = :s, next_run_at = :next, "
                        + "updated_at = :now WHERE name = :n")
                .bind("e", enabled ? 1 : 0).bind("s", schedule.text()).bind("next", schedule.next(now).toEpochMilli())
                .bind("now", now.toEpochMilli()).bind("n", name).execute());
    }

    /**
     * Moves a due job's next run past now and answers whether this caller won it: a job missed
     * for days while the process was down runs once, not once per missed slot.
     */
    boolean claimDue(Entry entry, Instant now) {
        JobSchedule schedule = JobSchedule.parse(entry.schedule()).orElseThrow();
        Instant next = schedule.next(now);
        return jdbi.withHandle(h -> h.createUpdate("UPDATE jobs SET next_run_at = :next WHERE name = :n "
                        + "AND next_run_at = :expected")
                .bind("next", next.toEpochMilli()).bind("n", entry.name())
                .bind("expected", entry.nextRunAt().toEpochMilli()).execute()) == 1;
    }

    private static Entry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Entry(rs.getString(1), rs.getInt(2) == 1, rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)));
    }
}
