package dev.aperture.ui;

import dev.aperture.jobs.JobEngine;
import dev.aperture.jobs.JobRoutes;
import dev.aperture.jobs.RunView;
import dev.aperture.web.BadRequest;
import dev.aperture.web.NotFound;
import dev.aperture.web.PageGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Jobs: schedules, Run now, run history, and a run's live progress and log. */
final class JobPages implements PageGroup {

    private final Frame frame;
    private final JobRoutes jobs;
    private final JobEngine engine;

    JobPages(Frame frame, JobRoutes jobs, JobEngine engine) {
        this.frame = frame;
        this.jobs = jobs;
        this.engine = engine;
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/jobs", ctx -> jobsPage(ctx, null, null));
        r.post("/jobs/{name}/schedule", this::schedule);
        r.post("/jobs/{name}/run", ctx -> act(ctx, () -> jobs.runNow(name(ctx),
                "manual, " + dev.aperture.web.Requests.principal(ctx).username()), "/jobs"));
        r.get("/jobs/runs/{id}", ctx -> {
            RunView run = run(ctx);
            frame.page(ctx, "run.jte", run.job() + " run", "jobs", live(run));
        });
        r.get("/jobs/runs/{id}/live", ctx -> frame.fragment(ctx, "tag/runlive.jte", live(run(ctx))));
        r.post("/jobs/runs/{id}/cancel", ctx -> {
            RunView run = run(ctx);
            if (!engine.cancel(run.id())) {
                Frame.flash(ctx, "The run had already finished.");
            }
            Frame.go(ctx, "/jobs/runs/" + run.id());
        });
        r.post("/jobs/runs/{id}/retry", ctx -> act(ctx, () -> jobs.retry(run(ctx).id()), "/jobs/runs/" + ctx.pathParam("id")));
    }

    private void jobsPage(Context ctx, String errorJob, String error) {
        Map<String, Object> params = new HashMap<>();
        params.put("jobs", jobs.jobs());
        params.put("runs", engine.runs().list(Optional.empty(), Optional.empty(), 30));
        params.put("errorJob", errorJob);
        params.put("error", error);
        frame.page(ctx, "jobs.jte", "Jobs", "jobs", params);
    }

    private void schedule(Context ctx) {
        String name = name(ctx);
        try {
            jobs.update(name, Optional.ofNullable(ctx.formParam("schedule")),
                    Optional.of(ctx.formParam("enabled") != null));
            Frame.flash(ctx, "Schedule of " + name + " saved.");
            ctx.redirect("/jobs", HttpStatus.SEE_OTHER);
        } catch (BadRequest e) {
            jobsPage(ctx.status(400), name, "Schedule " + e.problem());
        }
    }

    /** Starts a run and shows it; a job that cannot start says why on the page it came from. */
    private void act(Context ctx, java.util.function.Supplier<String> start, String back) {
        try {
            Frame.go(ctx, "/jobs/runs/" + start.get());
        } catch (HttpResponseException e) {
            Frame.flash(ctx, e.getMessage());
            Frame.go(ctx, back);
        }
    }

    private Map<String, Object> live(RunView run) {
        Map<String, Object> params = new HashMap<>();
        params.put("run", run);
        params.put("logs", engine.runs().logs(run.id(), 0, 1000));
        return params;
    }

    private String name(Context ctx) {
        String name = ctx.pathParam("name");
        if (!engine.jobs().containsKey(name)) {
            throw new NotFound("no job named '" + name + "'");
        }
        return name;
    }

    private RunView run(Context ctx) {
        String id = ctx.pathParam("id");
        return engine.runs().find(id).orElseThrow(() -> new NotFound("no run with id " + id));
    }
}
