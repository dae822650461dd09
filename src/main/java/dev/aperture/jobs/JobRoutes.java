package dev.aperture.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aperture.store.Wired;
import dev.aperture.web.Api;
import dev.aperture.web.BadRequest;
import dev.aperture.web.Json;
import dev.aperture.web.NotFound;
import dev.aperture.web.Requests;
import dev.aperture.web.RouteGroup;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Admin → Jobs over REST: jobs with schedules, runs with progress, items and logs; run, retry, cancel. */
public final class JobRoutes implements RouteGroup {

    /** Longer than any caller's name needs; the trigger is shown on one line in the run list. */
    static final int MAX_STARTED_BY = 40;


    /** A job in the list. */
    public record JobView(String name, String description, String schedule, boolean enabled, Instant nextRunAt,
                          boolean running, RunView lastRun) {}

    private final JobEngine engine;
    private final ObjectMapper json;

    public JobRoutes(JobEngine engine, ObjectMapper json) {
        this.engine = engine;
        this.json = json;
    }

    public List<JobView> jobs() {
        return engine.catalog().all().stream().filter(e -> engine.jobs().containsKey(e.name())).map(e -> {
            Job job = engine.jobs().get(e.name());
            Optional<RunView> last = engine.runs().list(Optional.of(e.name()), Optional.empty(), 1).stream().findFirst();
            return new JobView(e.name(), job.description(), e.schedule(), e.enabled(), e.enabled() ? e.nextRunAt() : null,
                    last.map(r -> r.status() == RunStatus.RUNNING).orElse(false), last.orElse(null));
        }).toList();
    }

    @Override
    public void register(Api api) {
        api.get("/api/jobs", ctx -> ctx.json(jobs()));
        api.put("/api/jobs/{name}", ctx -> {
            String name = jobName(ctx);
            ObjectNode body = Json.object(ctx);
            Optional<Boolean> enabled = Optional.empty();
            if (body.has("enabled")) {
                if (!body.get("enabled").isBoolean()) {
                    throw new BadRequest("enabled", "must be true or false");
                }
                enabled = Optional.of(body.get("enabled").asBoolean());
            }
            ctx.json(update(name, Json.optionalText(body, "schedule"), enabled));
        });
        api.post("/api/jobs/{name}/run", ctx -> {
            String name = jobName(ctx);
            // Optional: who the caller is in words ("demo script"), shown as the run's trigger with the user.
            String by = Json.optionalText(Json.object(ctx), "startedBy").map(String::strip).orElse("");
            if (by.length() > MAX_STARTED_BY || by.chars().anyMatch(Character::isISOControl)) {
                throw new BadRequest("startedBy", "must be at most " + MAX_STARTED_BY + " characters on one line");
            }
            String user = Requests.principal(ctx).username();
            ctx.status(202).json(Map.of("runId", runNow(name, (by.isEmpty() ? "API" : by) + ", " + user)));
        });
        api.get("/api/jobs/runs", ctx -> {
            Optional<String> job = Requests.query(ctx, "job");
            job.ifPresent(j -> {
                if (!engine.jobs().containsKey(j)) {
                    throw new BadRequest("job", "unknown job '" + j + "'");
                }
            });
            Optional<RunStatus> status = Requests.query(ctx, "status").map(s -> oneOf(RunStatus.class, "status", s));
            ctx.json(Map.of("runs", engine.runs().list(job, status, Requests.limit(ctx, 50, 500))));
        });
        api.get("/api/jobs/runs/{id}", ctx -> {
            RunView run = run(ctx);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("run", run);
            out.put("counts", Map.of("total", run.total(), "done", run.done(), "notFound", run.notFound(),
                    "failed", run.failed(), "pending", run.pending()));
            out.put("progress", Map.of("percent", run.percent(), "currentStep", run.currentStep(),
                    "done", run.unitsDone(), "total", run.unitsTotal(), "unit", run.unit()));
            json.convertValue(run, Map.class).forEach((k, v) -> out.putIfAbsent(String.valueOf(k), v));
            ctx.json(out);
        });
        api.get("/api/jobs/runs/{id}/items", ctx -> {
            RunView run = run(ctx);
            Optional<ItemStatus> status = Requests.query(ctx, "status").map(s -> oneOf(ItemStatus.class, "status", s));
            ctx.json(Map.of("items", engine.runs().items(run.id(), status, Requests.limit(ctx, 1000, 100_000))));
        });
        api.get("/api/jobs/runs/{id}/logs", ctx -> {
            RunView run = run(ctx);
            int after = Requests.query(ctx, "after").map(v -> {
                try {
                    return Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    throw new BadRequest("after", "must be a log line number");
                }
            }).orElse(0);
            ctx.json(Map.of("status", run.status(), "logs", engine.runs().logs(run.id(), after,
                    Requests.limit(ctx, 1000, 10_000))));
        });
        api.post("/api/jobs/runs/{id}/retry", ctx -> {
            RunView run = run(ctx);
            String runId = retry(run.id());
            ctx.status(202).json(Map.of("runId", runId));
        });
        api.post("/api/jobs/runs/{id}/cancel", ctx -> {
            RunView run = run(ctx);
            if (!engine.cancel(run.id())) {
                throw new HttpResponseException(409, "run " + run.id() + " is not running ("
                        + run.status().wire() + ")");
            }
            ctx.status(202).json(Map.of("runId", run.id(), "cancelRequested", true));
        });
    }

    /** Changes a job's schedule and/or enabled flag; a schedule that does not parse is a 400 naming it. */
    public JobView update(String name, Optional<String> scheduleText, Optional<Boolean> enabled) {
        JobCatalog.Entry entry = engine.catalog().find(name).orElseThrow(() -> new NotFound("no job named " + name));
        JobSchedule schedule = JobSchedule.parse(scheduleText.orElse(entry.schedule())).orElseThrow(() ->
                new BadRequest("schedule", "must be like 'every 6h', 'every 30m', 'daily 03:00' or 'weekly sun 03:00' (UTC)"));
        engine.catalog().update(name, enabled.orElse(entry.enabled()), schedule);
        return jobs().stream().filter(j -> j.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * Starts a run now; answers its id, or 409 when the job is running or cannot start. {@code trigger} says who
     * started it ("manual, admin", "demo script, admin"), shown with the run.
     */
    public String runNow(String name, String trigger) {
        return startOr409(() -> engine.start(name, trigger));
    }

    /** Retries a run's unfinished items; answers the new run's id, or 409. */
    public String retry(String runId) {
        return startOr409(() -> engine.retry(runId));
    }

    private String jobName(Context ctx) {
        String name = ctx.pathParam("name");
        if (!engine.jobs().containsKey(name)) {
            throw new NotFound("no job named '" + name + "'; jobs: " + String.join(", ", engine.jobs().keySet()));
        }
        return name;
    }

    private RunView run(Context ctx) {
        String id = ctx.pathParam("id");
        return engine.runs().find(id).orElseThrow(() -> new NotFound("no run with id " + id));
    }

    private static <E extends Enum<E> & Wired> E oneOf(Class<E> type, String field, String value) {
        return Wired.fromWire(type, value).orElseThrow(() -> new BadRequest(field, "must be one of "
                + Arrays.stream(type.getEnumConstants()).map(Wired::wire).collect(Collectors.joining(", "))));
    }

    private static String startOr409(java.util.function.Supplier<String> start) {
        try {
            return start.get();
        } catch (RunStore.AlreadyRunning | JobEngine.NotStartable e) {
            throw new HttpResponseException(409, e.getMessage());
        } catch (JobEngine.UnknownJob | JobEngine.UnknownRun e) {
            throw new NotFound(e.getMessage());
        }
    }
}
