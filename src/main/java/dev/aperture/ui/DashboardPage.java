package dev.aperture.ui;

import dev.aperture.alerts.AlertStore;
import dev.aperture.integrations.Integrations;
import dev.aperture.web.PageGroup;
import dev.aperture.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/** The dashboard: totals, each service's status, error patterns in words, errors over time. */
final class DashboardPage implements PageGroup {

    private final Frame frame;
    private final AlertStore alerts;
    private final Patterns patterns;
    private final Integrations integrations;
    private final IntegrationPages cards;
    private final Clock clock;

    DashboardPage(Frame frame, AlertStore alerts, Integrations integrations,
                  IntegrationPages cards, Clock clock) {
        this.frame = frame;
        this.alerts = alerts;
        this.patterns = new Patterns(alerts, clock);
        this.integrations = integrations;
        this.cards = cards;
        this.clock = clock;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/", this::show);
    }

    private void show(Context ctx) {
        String range = Requests.query(ctx, "range").filter(Chart.RANGES::containsKey).orElse("24h");
        // Dismissed alerts leave the totals, the chips, the patterns and the chart alike unless asked for here.
        boolean includeDismissed = Requests.flag(ctx, "includeDismissed");
        IntegrationPages.Shown shown = cards.shown(includeDismissed);
        Instant now = clock.instant();
        // A bucket more than the range, since the first bar starts at the top of an hour or day.
        Chart chart = Chart.of(range, now, alerts.errorsSince(now.minus(Chart.RANGES.get(range)).minus(java.time.Duration.ofDays(1)),
                Chart.bar(range), includeDismissed));
        frame.page(ctx, "dashboard.jte", "Dashboard", "dashboard", Map.of(
                "totals", alerts.totals(includeDismissed),
                "patterns", patterns.find(includeDismissed),
                "chart", chart,
                "cards", shown.cards(),
                "includeDismissed", includeDismissed), shown.version());
    }
}
