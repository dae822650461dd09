package dev.aperture.jobs;

import dev.aperture.store.Ids;
import dev.aperture.store.Wired;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Runs, their items and their log lines. A run is a row from its first moment. */
public final class RunStore {

    public record ItemRow(String item, String label, ItemStatus status, String detail, String service, String alertId,
                          Instant updatedAt) {}

    public record LogLine(int seq, Instant at, LogLevel level, String message, String service, String item,
                          String alertId, String errorId) {}

    /**
     * A line to add to a run's log: the service, item, alert and error it is about, where it is about one
     * (null otherwise).
     */
    record Entry(LogLevel level, String message, String service, String item, String alertId, String errorId) {}

    public static final class AlreadyRunning extends RuntimeException {
        AlreadyRunning(String job) {
            super("job " + job + " is already running");
        }
    }

    private static final String RUN_COLUMNS = "id, job, status, run_trigger, parent_run_id, started_at, finished_at, "
            + "total, done, not_found, failed, current_step, summary, cancel_requested, owner, unit, units_total, units_done";

    private final Jdbi jdbi;
    private final Clock clock;

    public RunStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Stores a new running run; refused by the database while another run of the job is running. */
    String start(String job, String trigger, String parentRunId, String owner) {
        String id = Ids.next(clock.instant());
        long now = clock.millis();
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO job_runs (id, job, status, run_trigger, parent_run_id, owner, "
                            + "started_at, heartbeat_at, total, done, not_found, failed, current_step, summary, "
                            + "cancel_requested) VALUES (:id, :job, 'running', :trigger, :parent, :owner, :now, :now, "
                            + "0, 0, 0, 0, 'starting', '', 0)")
                    .bind("id", id).bind("job", job).bind("trigger", trigger).bind("parent", parentRunId)
                    .bind("owner", owner).bind("now", now).execute());
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
            if (running(job).isPresent()) {
                throw new AlreadyRunning(job);
            }
            throw e;
        }
        return id;
    }

    Optional<String> running(String job) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM job_runs WHERE job = :job AND status = 'running'")
                .bind("job", job).mapTo(String.class).findOne());
    }

    void addItems(String runId, List<Job.Item> items, String unit) {
        long now = clock.millis();
        jdbi.useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO job_run_items (run_id, item, label, status, detail, "
                    + "updated_at, units) VALUES (:run, :item, :label, 'pending', '', :now, :units)");
            for (Job.Item item : items) {
                batch.bind("run", runId).bind("item", item.key()).bind("label", item.label()).bind("now", now)
                        .bind("units", item.units()).add();
            }
            if (!items.isEmpty()) {
                batch.execute();
            }
            h.createUpdate("UPDATE job_runs SET total = (SELECT COUNT(*) FROM job_run_items WHERE run_id = :run), "
                    + "units_total = (SELECT COALESCE(SUM(units), 0) FROM job_run_items WHERE run_id = :run), "
                    + "unit = :unit WHERE id = :run").bind("run", runId).bind("unit", unit).execute();
        });
    }

    List<Job.Item> pendingItems(String runId) {
        return itemsWithStatus(runId, List.of(ItemStatus.PENDING));
    }

    /** Items of a run not finished: failed, or never done (pending). */
    List<Job.Item> unfinishedItems(String runId) {
        return itemsWithStatus(runId, List.of(ItemStatus.FAILED, ItemStatus.PENDING));
    }

    private List<Job.Item> itemsWithStatus(String runId, List<ItemStatus> statuses) {
        return jdbi.withHandle(h -> h.createQuery("SELECT item, label, units FROM job_run_items WHERE run_id = :run "
                        + "AND status IN (<statuses>) ORDER BY label, item")
                .bind("run", runId).bindList("statuses", statuses.stream().map(ItemStatus::wire).toList())
                .map((rs, ctx) -> new Job.Item(rs.getString(1), rs.getString(2), rs.getInt(3))).list());
    }

    void finishItem(String runId, Job.Item item, ItemStatus status, String detail, String service, String alertId) {
        long now = clock.millis();
        String counter = switch (status) {
            case DONE -> "done = done + 1, ";
            case NOT_FOUND -> "not_found = not_found + 1, ";
            case FAILED -> "failed = failed + 1, ";
            case PENDING -> "";
        };
        String units = status == ItemStatus.PENDING ? "" : "units_done = units_done + (SELECT units FROM "
                + "job_run_items WHERE run_id = :run AND item = :item), ";
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE job_run_items SET status = :status, detail = :detail, service = :service, "
                            + "alert_id = :alert, updated_at = :now WHERE run_id = :run AND item = :item")
                    .bind("status", status.wire()).bind("detail", detail).bind("service", service).bind("alert", alertId)
                    .bind("now", now).bind("run", runId).bind("item", item.key()).execute();
            h.createUpdate("UPDATE job_runs SET " + counter + units + "current_step = :step, heartbeat_at = :now "
                            + "WHERE id = :run")
                    .bind("step", item.label()).bind("now", now).bind("run", runId).bind("item", item.key()).execute();
        });
    }

    void step(String runId, String step) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE job_runs SET current_step = :step, heartbeat_at = :now WHERE id = :run")
                .bind("step", step).bind("now", clock.millis()).bind("run", runId).execute());
    }

    void heartbeat(List<String> runIds) {
        if (runIds.isEmpty()) {
            return;
        }
        jdbi.useHandle(h -> h.createUpdate("UPDATE job_runs SET heartbeat_at = :now WHERE id IN (<ids>)")
                .bind("now", clock.millis()).bindList("ids", runIds).execute());
    }

    void finish(String runId, RunStatus status, String summary) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE job_runs SET status = :status, finished_at = :now, summary = :summary, "
                        + "current_step = '' WHERE id = :run AND status = 'running'")
                .bind("status", status.wire()).bind("now", clock.millis()).bind("summary", summary)
                .bind("run", runId).execute());
    }

    boolean requestCancel(String runId) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE job_runs SET cancel_requested = 1 WHERE id = :run "
                + "AND status = 'running'").bind("run", runId).execute()) > 0;
    }

    /** What a worker should do before its next item. */
    enum Control { GO_ON, CANCEL, TAKEN_OVER }

    Control control(String runId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status, cancel_requested FROM job_runs WHERE id = :run")
                .bind("run", runId)
                .map((rs, ctx) -> Wired.of(RunStatus.class, rs.getString(1)) != RunStatus.RUNNING ? Control.TAKEN_OVER
                        : rs.getInt(2) == 1 ? Control.CANCEL : Control.GO_ON)
                .findOne().orElse(Control.TAKEN_OVER));
    }

    /** A run another process left running, which this instance has just marked interrupted (and no other did). */
    record Abandoned(String runId, String job, String owner, boolean cancelRequested) {}

    /**
     * Interrupts runs of other instances whose heartbeat stopped, one conditional update each, so that of
     * several instances noticing the same dead run exactly one answers it (and resumes it).
     */
    List<Abandoned> interruptStale(String self, Duration staleAfter) {
        long now = clock.millis();
        long stale = now - staleAfter.toMillis();
        return jdbi.withHandle(h -> {
            List<Abandoned> found = h.createQuery("SELECT id, job, owner, cancel_requested FROM job_runs "
                            + "WHERE status = 'running' AND heartbeat_at < :stale AND owner <> :self")
                    .bind("stale", stale).bind("self", self)
                    .map((rs, ctx) -> new Abandoned(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4) == 1))
                    .list();
            List<Abandoned> ours = new java.util.ArrayList<>();
            for (Abandoned a : found) {
                int won = h.createUpdate("UPDATE job_runs SET status = 'interrupted', finished_at = :now, "
                                + "summary = :summary WHERE id = :id AND status = 'running' AND heartbeat_at < :stale")
                        .bind("now", now).bind("id", a.runId()).bind("stale", stale)
                        .bind("summary", "interrupted: instance " + a.owner() + " stopped during the run")
                        .execute();
                if (won == 1) {
                    ours.add(a);
                }
            }
            return ours;
        });
    }

    /**
     * Marks the runs this instance owned before it restarted as interrupted; the admin retries them (a run
     * of another instance that died is taken over by the scheduler's tick instead, see JobEngine).
     */
    int interruptOwn(String owner) {
        long now = clock.millis();
        return jdbi.withHandle(h -> h.createUpdate("UPDATE job_runs SET status = 'interrupted', finished_at = :now, "
                        + "summary = 'interrupted: the process stopped during the run; retry resumes the unfinished items' "
                        + "WHERE status = 'running' AND owner = :owner")
                .bind("now", now).bind("owner", owner).execute());
    }

    /** A line about the run as a whole. */
    int log(String runId, LogLevel level, String message) {
        return log(runId, new Entry(level, message, null, null, null, null));
    }

    int log(String runId, Entry entry) {
        return jdbi.inTransaction(h -> {
            int seq = h.createQuery("SELECT COALESCE(MAX(seq), 0) + 1 FROM job_run_logs WHERE run_id = :run")
                    .bind("run", runId).mapTo(Integer.class).one();
            h.createUpdate("INSERT INTO job_run_logs (run_id, seq, at, level, message, service, item, alert_id, error_id) "
                            + "VALUES (:run, :seq, :at, :level, :message, :service, :item, :alert, :error)")
                    .bind("run", runId).bind("seq", seq).bind("at", clock.millis()).bind("level", entry.level().wire())
                    .bind("message", entry.message()).bind("service", entry.service()).bind("item", entry.item())
                    .bind("alert", entry.alertId()).bind("error", entry.errorId()).execute();
            return seq;
        });
    }

    public Optional<RunView> find(String runId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + RUN_COLUMNS + " FROM job_runs WHERE id = :id")
                .bind("id", runId).map((rs, ctx) -> view(rs)).findOne());
    }

    public List<RunView> list(Optional<String> job, Optional<RunStatus> status, int limit) {
        String sql = "SELECT " + RUN_COLUMNS + " FROM job_runs WHERE 1 = 1"
                + job.map(j -> " AND job = :job").orElse("") + status.map(s -> " AND status = :status").orElse("")
                + " ORDER BY started_at DESC, id DESC LIMIT :limit";
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql).bind("limit", limit);
            job.ifPresent(j -> q.bind("job", j));
            status.ifPresent(s -> q.bind("status", s.wire()));
            return q.map((rs, ctx) -> view(rs)).list();
        });
    }

    public List<ItemRow> items(String runId, Optional<ItemStatus> status, int limit) {
        String sql = "SELECT item, label, status, detail, service, alert_id, updated_at FROM job_run_items "
                + "WHERE run_id = :run" + status.map(s -> " AND status = :status").orElse("")
                + " ORDER BY label, item LIMIT :limit";
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql).bind("run", runId).bind("limit", limit);
            status.ifPresent(s -> q.bind("status", s.wire()));
            return q.map((rs, ctx) -> new ItemRow(rs.getString(1), rs.getString(2),
                    Wired.of(ItemStatus.class, rs.getString(3)), rs.getString(4),
                    rs.getString(5), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)))).list();
        });
    }

    public List<LogLine> logs(String runId, int afterSeq, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT seq, at, level, message, service, item, alert_id, error_id "
                        + "FROM job_run_logs WHERE run_id = :run AND seq > :after ORDER BY seq LIMIT :limit")
                .bind("run", runId).bind("after", afterSeq).bind("limit", limit)
                .map((rs, ctx) -> new LogLine(rs.getInt(1), Instant.ofEpochMilli(rs.getLong(2)),
                        Wired.of(LogLevel.class, rs.getString(3)),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)))
                .list());
    }

    /** Deletes finished runs (with items and logs) that started before the cutoff. */
    public int prune(Instant cutoff) {
        long c = cutoff.toEpochMilli();
        return jdbi.inTransaction(h -> {
            String old = "SELECT id FROM job_runs WHERE started_at < :c AND status <> 'running'";
            h.createUpdate("DELETE FROM job_run_items WHERE run_id IN (" + old + ")").bind("c", c).execute();
            h.createUpdate("DELETE FROM job_run_logs WHERE run_id IN (" + old + ")").bind("c", c).execute();
            return h.createUpdate("DELETE FROM job_runs WHERE started_at < :c AND status <> 'running'").bind("c", c)
                    .execute();
        });
    }

    private static RunView view(ResultSet rs) throws SQLException {
        int total = rs.getInt("total");
        int done = rs.getInt("done");
        int notFound = rs.getInt("not_found");
        int failed = rs.getInt("failed");
        int finished = done + notFound + failed;
        int unitsTotal = rs.getInt("units_total");
        int unitsDone = rs.getInt("units_done");
        long finishedAt = rs.getLong("finished_at");
        boolean noFinish = rs.wasNull();
        return new RunView(rs.getString("id"), rs.getString("job"), Wired.of(RunStatus.class, rs.getString("status")), rs.getString("run_trigger"),
                rs.getString("parent_run_id"), Instant.ofEpochMilli(rs.getLong("started_at")),
                noFinish ? null : Instant.ofEpochMilli(finishedAt), total, done, notFound, failed,
                Math.max(0, total - finished), unitsTotal == 0 ? 0 : (int) (100L * Math.min(unitsDone, unitsTotal)
                        / unitsTotal),
                rs.getString("current_step"), rs.getString("summary"), rs.getInt("cancel_requested") == 1,
                rs.getString("owner"), rs.getString("unit"), unitsTotal, unitsDone);
    }
}
