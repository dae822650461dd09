package dev.aperture.ui;

import dev.aperture.alerts.AlertStore;
import dev.aperture.auth.Logins;
import dev.aperture.integrations.IntegrationRoutes;
import dev.aperture.integrations.Integrations;
import dev.aperture.jobs.JobEngine;
import dev.aperture.jobs.JobRoutes;
import dev.aperture.lists.ListRoutes;
import dev.aperture.notify.NotificationRoutes;
import dev.aperture.ratings.TraktRoutes;
import dev.aperture.requests.UserMappingRoutes;
import dev.aperture.web.ErrorPage;
import dev.aperture.web.PageGroup;
import java.time.Clock;
import java.util.List;

/**
 * The admin web UI: server-rendered pages over the same objects the REST routes use, so a page
 * and the API can never disagree about what an alert, an integration or a run is.
 */
public final class WebUi {

    /** The feature routes whose public operations the pages share. */
    public record Features(NotificationRoutes notifications, TraktRoutes trakt, ListRoutes lists,
                           UserMappingRoutes mappings) {}

    private final List<PageGroup> pages;
    private final ErrorPage errorPage;

    public WebUi(Logins logins, Integrations integrations, IntegrationRoutes integrationRoutes,
                 AlertStore alerts, JobRoutes jobRoutes,
                 JobEngine engine, Quotas quotas, Features features, Clock clock) {
        Templates templates = new Templates();
        LiveUpdates live = new LiveUpdates(templates, alerts, integrationRoutes);
        Frame frame = new Frame(templates, alerts, integrations, live::version);
        this.errorPage = new PageErrors(frame);
        ServiceExtras extras = new ServiceExtras(frame, features.trakt(), features.lists(), features.mappings(),
                alerts);
        IntegrationPages integrationPages = new IntegrationPages(frame, integrations, integrationRoutes, alerts, quotas,
                extras, live);
        this.pages = List.of(
                new Access(logins, templates),
                live,
                new DashboardPage(frame, alerts, integrations, integrationPages, clock),
                integrationPages,
                new AlertPages(frame, alerts),
                new ErrorPages(frame, alerts, clock),
                new JobPages(frame, jobRoutes, engine),
                new NotificationPages(frame, features.notifications()),
                new AccountPage(frame, logins),
                extras);
    }

    public List<PageGroup> pages() {
        return pages;
    }

    /** Unknown ids and failures on pages, shown in the layout. */
    public ErrorPage errorPage() {
        return errorPage;
    }
}
