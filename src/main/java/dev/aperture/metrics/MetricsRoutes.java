package dev.aperture.metrics;

import dev.aperture.web.Api;
import dev.aperture.web.RouteGroup;

/** {@code GET /metrics} in Prometheus text format; the web server lets only admins through. */
public final class MetricsRoutes implements RouteGroup {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Metrics metrics;

    public MetricsRoutes(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void register(Api api) {
        api.get("/metrics", ctx -> ctx.contentType(CONTENT_TYPE).result(metrics.scrape()));
    }
}
