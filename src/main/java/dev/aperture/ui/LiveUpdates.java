package dev.aperture.ui;

import dev.aperture.alerts.Alert;
import dev.aperture.alerts.AlertStore;
import dev.aperture.integrations.IntegrationRoutes;
import dev.aperture.integrations.IntegrationView;
import dev.aperture.web.PageGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Pages follow alerts without a reload. Every page carries a poller ({@code #live}) that asks every few seconds
 * whether what pages show has changed since its version; unchanged is an empty 204, so a page left open costs one
 * tiny request per poll. Changed answers a new poller and the {@code alerts-changed} event, on which
 * {@code aperture.js} fetches the page once and swaps its {@code [data-live]} regions.
 */
final class LiveUpdates implements PageGroup {

    static final String EVENT = "alerts-changed";
    /** Longer than any version this class writes; a longer one is simply "changed". */
    private static final int MAX_VERSION = 64;

    private final Templates templates;
    private final AlertStore alerts;
    private final IntegrationRoutes routes;
    /** The last version computed and what it was computed from: digesting it again was ~14 % of a page view. */
    private final java.util.concurrent.atomic.AtomicReference<Digested> last =
            new java.util.concurrent.atomic.AtomicReference<>();

    private record Digested(java.util.List<Alert> open, java.util.List<IntegrationView> views, String version) {}

    LiveUpdates(Templates templates, AlertStore alerts, IntegrationRoutes routes) {
        this.templates = templates;
        this.alerts = alerts;
        this.routes = routes;
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/live", this::poll);
    }

    private void poll(Context ctx) {
        String known = Optional.ofNullable(ctx.queryParam("v")).filter(v -> v.length() <= MAX_VERSION).orElse("");
        String now = version();
        // Never cached: the answer depends on the moment, and a cached 200 would re-trigger refreshes.
        ctx.header("Cache-Control", "no-store");
        if (now.equals(known)) {
            ctx.status(204);
            return;
        }
        ctx.header("HX-Trigger", EVENT);
        // The new poller, which knows the new version: htmx swaps it for the one that asked.
        ctx.html(templates.render("tag/live.jte", java.util.Map.of("version", now)));
    }

    /**
     * A digest of what the live regions show: the open alerts with their counts and severities, and each
     * service's status and last success. A failure that only repeats an open alert changes its count, so the
     * count on its card follows too.
     */
    String version() {
        return version(alerts.open(AlertStore.Filter.none()), routes.views());
    }

    /**
     * The version of what a page built from these reads shows. One read of every service's settings and checks
     * ({@link IntegrationRoutes#views()}), not two queries per service: the version is computed for every page view
     * and every poll (docs/benchmarks.md, "Read path").
     */
    String version(java.util.List<Alert> open, java.util.List<IntegrationView> views) {
        // The store hands out the same open list until its version moves, so an equal pair is the same state.
        Digested kept = last.get();
        if (kept != null && kept.open() == open && kept.views().equals(views)) {
            return kept.version();
        }
        String version = digest(open, views);
        last.set(new Digested(open, views, version));
        return version;
    }

    private static String digest(java.util.List<Alert> open, java.util.List<IntegrationView> views) {
        StringBuilder s = new StringBuilder(64 * (open.size() + views.size()));
        for (Alert a : open) {
            s.append(a.id()).append(':').append(a.count()).append(':').append(a.severity().wire()).append(';');
        }
        for (IntegrationView v : views) {
            s.append(v.service()).append('=').append(v.status().wire()).append(':').append(v.lastSuccessAt())
                    .append(':').append(v.enabled()).append(';');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            // 16 hex digits: enough that two states never share a version in practice, short in every URL.
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
