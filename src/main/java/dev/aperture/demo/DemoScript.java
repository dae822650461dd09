package dev.aperture.demo;

import dev.aperture.calls.ServiceId;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the simulated services do, and when: a few minutes of ordinary trouble. Each step is
 * logged ("demo: …") so the admin can match what they see to what happened.
 */
final class DemoScript implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoScript.class);

    /** A step {@code at} seconds after the start (before the speed-up). */
    record Step(long at, String what, Action action) {}

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    private final Demo demo;
    private final DemoDriver api;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-script");
        t.setDaemon(true);
        return t;
    });

    DemoScript(Demo demo, DemoDriver api) {
        this.demo = demo;
        this.api = api;
    }

    List<Step> steps() {
        SimulatedServices sims = demo.sims;
        return List.of(
                new Step(0, "reading the library from the simulated Jellyfin (300 titles)", () -> run("sync-library")),
                new Step(4, "connecting Trakt users alice and bob (device flow, approved on the simulated trakt.tv)",
                        () -> {
                            api.post("/api/trakt/device", "{\"user\":\"alice\"}");
                            api.post("/api/trakt/device", "{\"user\":\"bob\"}");
                        }),
                new Step(6, "adding a webhook notification channel (the demo receiver logs what it gets)", () ->
                        api.post("/api/notifications/channels", "{\"type\":\"webhook\",\"name\":\"demo receiver\","
                                + "\"settings\":{\"url\":\"" + demo.webhookUrl() + "\"}}")),
                new Step(15, "TMDb's edge node gets busy (6 requests/s); enrichment starts — watch it slow down to fit",
                        () -> {
                            sims.tmdb.perSecond = 6;
                            run("enrich-metadata");
                        }),
                new Step(20, "refreshing MDBList lists and Trakt ratings", () -> {
                    run("refresh-mdblist-lists");
                    run("sync-trakt-ratings");
                }),
                new Step(50, "TMDb's edge is back to 40 requests/s", () -> sims.tmdb.perSecond = SimTmdb.PER_SECOND),
                new Step(55, "MDBList goes down (its health check will count the outage)",
                        () -> sims.setFault(ServiceId.MDBLIST, Fault.OUTAGE)),
                new Step(70, "Trakt access tokens expire; the next sync refreshes them without an alert", () -> {
                    sims.trakt.expireAccessTokens();
                    run("sync-trakt-ratings");
                }),
                new Step(100, "bob revokes Aperture on trakt.tv; his next refresh is refused", () -> {
                    sims.trakt.refuseRefresh("bob");
                    sims.trakt.expireAccessTokens();
                    run("sync-trakt-ratings");
                }),
                new Step(110, "syncing Jellyseerr requests (its URL is wrong until you fix it)",
                        () -> run("sync-jellyseerr-requests")),
                new Step(140, "MDBList is back (the next health check clears its alert)",
                        () -> sims.setFault(ServiceId.MDBLIST, Fault.NONE)),
                new Step(160, "computing embeddings with the simulated OpenAI", () -> run("generate-embeddings")),
                new Step(170, "the script is done; break and heal services yourself with 'aperture demo break …'",
                        () -> { }));
    }

    void start() {
        for (Step step : steps()) {
            timer.schedule(() -> {
                LOG.info("demo: {}", step.what());
                try {
                    step.action().run();
                } catch (Exception e) {
                    LOG.warn("demo: step '{}' did not go as planned: {}", step.what(), e.toString());
                }
            }, Math.max(0, step.at() * 1000 / demo.speed), TimeUnit.MILLISECONDS);
        }
    }

    private void run(String job) throws Exception {
        var answer = api.post("/api/jobs/" + job + "/run", "{\"startedBy\":\"demo script\"}");
        if (answer.has("error")) {
            LOG.info("demo: {} not started: {}", job, answer.get("error").asText());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
