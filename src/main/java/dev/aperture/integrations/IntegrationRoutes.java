package dev.aperture.integrations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aperture.alerts.Alert;
import dev.aperture.alerts.AlertStore;
import dev.aperture.calls.ServiceId;
import dev.aperture.web.Api;
import dev.aperture.web.Json;
import dev.aperture.web.NotFound;
import dev.aperture.web.Requests;
import dev.aperture.web.RouteGroup;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Settings → Integrations over REST. */
public final class IntegrationRoutes implements RouteGroup {

    private final Integrations integrations;
    private final IntegrationStore store;
    private final ConnectionTest tester;
    private final AlertStore alerts;
    private final Predicate<ServiceId> quotaNearlyUsed;
    private final java.util.function.Consumer<ServiceId> saved;
    private final java.util.function.Consumer<ServiceId> moved;

    /** {@code saved} hears of every settings save (pacing forgets the old key's waits). */
    public IntegrationRoutes(Integrations integrations, IntegrationStore store, ConnectionTest tester,
                             AlertStore alerts, Predicate<ServiceId> quotaNearlyUsed,
                             java.util.function.Consumer<ServiceId> saved) {
        this(integrations, store, tester, alerts, quotaNearlyUsed, saved, service -> { });
    }

    /**
     * {@code moved} hears of a save that points a service at another scheme, host or port: credentials
     * obtained from the old host (Trakt's per-user tokens) must not follow it there.
     */
    public IntegrationRoutes(Integrations integrations, IntegrationStore store, ConnectionTest tester,
                             AlertStore alerts, Predicate<ServiceId> quotaNearlyUsed,
                             java.util.function.Consumer<ServiceId> saved,
                             java.util.function.Consumer<ServiceId> moved) {
        this.moved = moved;
        this.integrations = integrations;
        this.store = store;
        this.tester = tester;
        this.alerts = alerts;
        this.quotaNearlyUsed = quotaNearlyUsed;
        this.saved = saved;
    }

    @Override
    public void register(Api api) {
        api.get("/api/integrations", ctx -> ctx.json(views(Requests.flag(ctx, "includeDismissed"))));
        api.get("/api/integrations/{service}", ctx -> ctx.json(view(integrations.get(service(ctx)),
                Requests.flag(ctx, "includeDismissed"))));
        api.put("/api/integrations/{service}", ctx -> {
            ctx.json(save(service(ctx), Json.object(ctx)));
        });
        api.post("/api/integrations/{service}/test", ctx -> {
            ServiceId service = service(ctx);
            ObjectNode body = Json.object(ctx);
            Optional<Settings> unsaved = body.isEmpty() ? Optional.empty()
                    : Optional.of(SettingsForm.apply(integrations.get(service), store.load(service), body));
            ctx.json(test(service, unsaved, anyway(ctx)));
        });
    }

    /** Saves a settings body (REST field names); a bad value is a {@link dev.aperture.web.BadRequest} naming the field. */
    public IntegrationView save(ServiceId service, ObjectNode body) {
        Integration integration = integrations.get(service);
        Settings before = store.load(service);
        Settings after = SettingsForm.apply(integration, before, body);
        store.save(service, after);
        saved.accept(service);
        if (SettingsForm.movedHost(integration, before, after)) {
            moved.accept(service);
        }
        return view(integration);
    }

    /** Test Connection; the status shows "testing" while it runs (the tester tracks running probes). */
    public ConnectionTest.Result test(ServiceId service, Optional<Settings> unsaved) {
        return tester.run(service, unsaved);
    }

    /** Test Connection; {@code anyway}: sent even while a provider's reset is pending (one request spent). */
    public ConnectionTest.Result test(ServiceId service, Optional<Settings> unsaved, boolean anyway) {
        return tester.run(service, unsaved, anyway);
    }

    /** {@code ?anyway=true}: the admin's "Test anyway". */
    private static boolean anyway(io.javalin.http.Context ctx) {
        return Requests.flag(ctx, "anyway");
    }

    /** Whether a Test Connection or background health check of this service is running now. */
    public boolean testing(ServiceId service) {
        return tester.running(service);
    }

    /** Every integration's view, in service order, from one read of the saved settings and checks. */
    public List<IntegrationView> views() {
        return views(false);
    }

    /** {@code includeDismissed}: the status counts dismissed alerts too (the API's {@code ?includeDismissed=true}). */
    public List<IntegrationView> views(boolean includeDismissed) {
        Map<ServiceId, IntegrationStore.Saved> saved = store.all();
        Map<String, AlertStore.ServiceAlerts> byService = alerts.byService();
        return integrations.all().stream().map(i -> view(i, saved.get(i.id()),
                byService.getOrDefault(i.id().id(), AlertStore.ServiceAlerts.NONE), includeDismissed)).toList();
    }

    public IntegrationView view(Integration integration) {
        return view(integration, false);
    }

    /** {@code includeDismissed}: the status counts dismissed alerts too (the API's {@code ?includeDismissed=true}). */
    public IntegrationView view(Integration integration, boolean includeDismissed) {
        ServiceId id = integration.id();
        return view(integration, store.all().get(id),
                new AlertStore.ServiceAlerts(alerts.open(AlertStore.Filter.service(id.id())), alerts.ongoing(id.id())),
                includeDismissed);
    }

    private IntegrationView view(Integration integration, IntegrationStore.Saved saved, AlertStore.ServiceAlerts own,
                                 boolean includeDismissed) {
        ServiceId id = integration.id();
        Settings settings = saved.settings();
        boolean configured = integration.isConfigured(settings);
        Map<String, Object> shown = new LinkedHashMap<>();
        for (Field field : integration.fields()) {
            if (field.secret()) {
                shown.put(field.wire(), settings.secret(field).masked());
            } else if (field == Field.BASE_URL) {
                shown.put(field.wire(), settings.optional(field).orElse(integration.defaultBaseUrl()));
            } else {
                shown.put(field.wire(), settings.value(field));
            }
        }
        List<Alert> open = own.open();
        IntegrationStore.Checks checks = saved.checks();
        return new IntegrationView(id.id(), id.displayName(), configured, settings.enabled(),
                status(configured && settings.enabled(), id, own.ongoing(), includeDismissed), shown,
                integration.fields().stream().map(Field::wire).toList(), checks.lastCheckedAt().orElse(null),
                checks.lastSuccessAt().orElse(null), integration.probeCostsQuota(), open,
                tester.identity(id).orElse(null), ServiceStates.subjects(own.ongoing(), includeDismissed));
    }

    private IntegrationStatus status(boolean active, ServiceId id, List<Alert> ongoing, boolean includeDismissed) {
        if (!active) {
            return IntegrationStatus.NOT_CONFIGURED;
        }
        return ServiceStates.of(true, tester.running(id), ongoing, includeDismissed,
                quotaNearlyUsed.test(id));
    }

    private static ServiceId service(Context ctx) {
        String id = ctx.pathParam("service");
        return ServiceId.parse(id).orElseThrow(() -> new NotFound("unknown service '" + id + "'; services: "
                + String.join(", ", java.util.Arrays.stream(ServiceId.values()).map(ServiceId::id).toList())));
    }
}
