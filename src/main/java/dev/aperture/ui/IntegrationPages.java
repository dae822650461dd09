package dev.aperture.ui;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aperture.alerts.Alert;
import dev.aperture.alerts.AlertStore;
import dev.aperture.alerts.ErrorLog;
import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.ConnectionTest;
import dev.aperture.integrations.Field;
import dev.aperture.integrations.Integration;
import dev.aperture.integrations.IntegrationRoutes;
import dev.aperture.integrations.IntegrationView;
import dev.aperture.integrations.Integrations;
import dev.aperture.web.BadRequest;
import dev.aperture.web.NotFound;
import dev.aperture.web.PageGroup;
import gg.jte.Content;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Settings → Integrations: the cards, each service's settings page, Save and Test Connection. */
final class IntegrationPages implements PageGroup {

    private static final Map<Field, String> LABELS = Map.of(Field.BASE_URL, "Base URL", Field.API_KEY, "API key",
            Field.CLIENT_ID, "Client ID", Field.CLIENT_SECRET, "Client secret", Field.SERVER_TYPE,
            "Server type (jellyfin or emby)", Field.MODEL, "Model", Field.LIST_IDS, "List ids (comma separated)");

    /** The page's body as last rendered, and the alerts and cards it shows. */
    private record Body(List<AlertCard> alerts, Map<String, Integer> more, List<ServiceCard> cards, byte[] html) {}

    private final Frame frame;
    private final Integrations integrations;
    private final IntegrationRoutes routes;
    private final AlertStore alerts;
    private final Quotas quotas;
    private final ServiceExtras extras;
    private final LiveUpdates live;
    /**
     * Rendering 7 cards and every open alert was most of a view's cost (docs/benchmarks.md, "Read path") and
     * its result changes only with what it shows: it is kept while the alerts and cards read for the next view
     * are equal to those it was rendered from. They are still read for every view (settings and checks from the
     * database, which another instance may have written; alerts from the store), so nothing shown can be stale.
     */
    private final AtomicReference<Body> body = new AtomicReference<>();

    IntegrationPages(Frame frame, Integrations integrations, IntegrationRoutes routes, AlertStore alerts,
                     Quotas quotas, ServiceExtras extras, LiveUpdates live) {
        this.extras = extras;
        this.live = live;
        this.frame = frame;
        this.integrations = integrations;
        this.routes = routes;
        this.alerts = alerts;
        this.quotas = quotas;
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/integrations", ctx -> {
            Shown shown = shown();
            frame.page(ctx, "integrations.jte", "Integrations", "integrations", Map.of("body", body(shown)),
                    shown.version());
        });
        r.get("/integrations/{service}", ctx -> settingsPage(ctx, service(ctx), Map.of(), Map.of()));
        r.post("/integrations/{service}", this::save);
        r.post("/integrations/{service}/test", this::test);
    }

    /**
     * What the live regions of the Integrations page and the dashboard show, from one read of the open alerts and
     * one of every service's settings and checks, with the live version of exactly that: the version and the
     * cards used to cost a query per service each (docs/benchmarks.md, "Read path").
     */
    record Shown(List<Alert> open, List<ServiceCard> cards, String version) {}

    Shown shown() {
        return shown(false);
    }

    /** {@code includeDismissed}: statuses count dismissed alerts too (the dashboard's switch). */
    Shown shown(boolean includeDismissed) {
        List<Alert> open = alerts.open(AlertStore.Filter.none());
        List<IntegrationView> views = routes.views(includeDismissed);
        // The poller compares with the default view's version; one from the switched view would differ from it
        // whenever a dismissed alert changes a status, and the page would reload itself on every poll.
        List<IntegrationView> polled = includeDismissed ? routes.views() : views;
        return new Shown(open, cards(views), live.version(open, polled));
    }

    /** The page below the header: the open alerts and every service's card, without anything of the session. */
    private Content body(Shown shown) {
        Grouped grouped = Grouped.of(shown.open());
        List<AlertCard> first = frame.cards(grouped.first());
        List<ServiceCard> cards = shown.cards();
        Body last = body.get();
        if (last == null || !last.alerts().equals(first) || !last.more().equals(grouped.more())
                || !last.cards().equals(cards)) {
            last = new Body(first, grouped.more(), cards, frame.renderBytes("tag/integrationcards.jte",
                    Map.of("alerts", first, "more", grouped.more(), "cards", cards)));
            body.set(last);
        }
        byte[] html = last.html();
        return out -> out.writeBinaryContent(html);
    }

    /** Every service's card, from one read of the saved settings rather than two queries per card. */
    private List<ServiceCard> cards(List<IntegrationView> views) {
        java.util.Iterator<IntegrationView> each = views.iterator();
        List<ServiceCard> out = new ArrayList<>();
        for (Integration integration : integrations.all()) {
            out.add(card(integration, each.next()));
        }
        return out;
    }

    ServiceCard card(Integration integration) {
        return card(integration, routes.view(integration));
    }

    private ServiceCard card(Integration integration, IntegrationView view) {
        return new ServiceCard(view, quotas.of(integration.id()), integration.providerSettingsUrl().orElse(null));
    }

    private void settingsPage(Context ctx, ServiceId service, Map<String, String> submitted, Map<String, String> problems) {
        Integration integration = integrations.get(service);
        ServiceCard card = card(integration);
        List<SettingsField> fields = new ArrayList<>();
        for (Field f : integration.fields()) {
            Object saved = card.view().settings().get(f.wire());
            String value = submitted.containsKey(f.wire()) && !f.secret() ? submitted.get(f.wire())
                    : saved == null ? "" : saved.toString();
            String help = f.secret() ? (value.isEmpty() ? "Not set." : "Saved and encrypted (" + value + "). Type a new "
                    + "one to replace it, or empty the field and save to remove it (that disables " + service.displayName() + ").")
                    : f == Field.BASE_URL ? (integration.selfHosted()
                            ? "The address of your " + service.displayName() + " as Aperture reaches it, with its port "
                            + "(for example http://192.168.1.20:" + (service == ServiceId.JELLYSEERR ? "5055" : "8096") + ")."
                            : "Leave as is unless you reach " + service.displayName() + " through a proxy.") : "";
            fields.add(new SettingsField(f.wire(), LABELS.getOrDefault(f, f.wire()), f.secret() ? "password" : "text",
                    value, help, problems.get(f.wire())));
        }
        ErrorLog.Filter recent = new ErrorLog.Filter(Optional.of(service.id()), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
        Map<String, Object> params = new HashMap<>();
        params.put("card", card);
        params.put("fields", fields);
        params.put("formError", problems.get(""));
        params.put("alerts", frame.cards(card.view().openAlerts()));
        params.put("errors", alerts.errors(recent, 10, Optional.empty()).errors());
        params.put("extras", extras.of(service, card.view().subjectAlerts()));
        frame.page(ctx, "integration.jte", service.displayName() + " settings", "integrations", params);
    }

    private void save(Context ctx) {
        ServiceId service = service(ctx);
        Integration integration = integrations.get(service);
        IntegrationView before = routes.view(integration);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        Map<String, String> submitted = new HashMap<>();
        for (Field f : integration.fields()) {
            String v = ctx.formParam(f.wire());
            if (v == null) {
                continue;
            }
            submitted.put(f.wire(), v);
            // The form shows a secret only masked; the masked text coming back means "unchanged".
            if (f.secret() && v.equals(String.valueOf(before.settings().get(f.wire()))) && !v.isEmpty()) {
                continue;
            }
            body.put(f.wire(), v);
        }
        boolean enabled = ctx.formParam("enabled") != null;
        if (enabled != before.enabled()) {
            body.put("enabled", enabled);
        }
        try {
            IntegrationView after = routes.save(service, body);
            Frame.flash(ctx, service.displayName() + " settings saved."
                    + (after.configured() && after.enabled() ? " Use Test Connection to check them."
                    : after.configured() ? " The integration is disabled." : " It is not configured, so it is off."));
            ctx.redirect("/integrations/" + service.id(), HttpStatus.SEE_OTHER);
        } catch (BadRequest e) {
            ctx.status(400);
            String key = integration.fields().stream().anyMatch(f -> f.wire().equals(e.field())) ? e.field() : "";
            settingsPage(ctx, service, submitted, Map.of(key, key.isEmpty() ? e.getMessage() : e.problem()));
        }
    }

    private void test(Context ctx) {
        ServiceId service = service(ctx);
        List<String> openBefore = alerts.open(AlertStore.Filter.service(service.id())).stream().map(Alert::id).toList();
        ConnectionTest.Result result = routes.test(service, Optional.empty(), "true".equals(ctx.formParam("anyway")));
        ServiceCard card = card(integrations.get(service));
        List<String> gone = openBefore.stream()
                .filter(id -> card.view().openAlerts().stream().noneMatch(a -> a.id().equals(id))).toList();
        boolean allAlerts = "all".equals(ctx.formParam("scope"));
        Grouped shown = allAlerts ? Grouped.of(alerts.open(AlertStore.Filter.none()))
                : new Grouped(card.view().openAlerts(), Map.of());
        Map<String, Object> params = new HashMap<>();
        params.put("result", result);
        params.put("card", card);
        params.put("gone", gone);
        params.put("alerts", frame.cards(shown.first()));
        params.put("more", shown.more());
        params.put("alertsId", allAlerts ? "all-alerts" : "service-alerts");
        ctx.html(frame.render("testresult.jte", params) + frame.badge());
    }

    /**
     * One alert per service, its most pressing (the list comes ordered by severity, then newest), and by that
     * alert's id how many more the service has: many open alerts must not push the service cards out of view.
     */
    record Grouped(List<Alert> first, Map<String, Integer> more) {
        static Grouped of(List<Alert> open) {
            Map<String, Alert> firstByService = new java.util.LinkedHashMap<>();
            Map<String, Integer> countByService = new HashMap<>();
            for (Alert a : open) {
                firstByService.putIfAbsent(a.service(), a);
                countByService.merge(a.service(), 1, Integer::sum);
            }
            Map<String, Integer> more = new HashMap<>();
            firstByService.forEach((service, a) -> more.put(a.id(), countByService.get(service) - 1));
            return new Grouped(List.copyOf(firstByService.values()), more);
        }
    }

    private static ServiceId service(Context ctx) {
        String id = ctx.pathParam("service");
        return ServiceId.parse(id).orElseThrow(() -> new NotFound("unknown service '" + id + "'"));
    }
}
