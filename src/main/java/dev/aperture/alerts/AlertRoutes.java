package dev.aperture.alerts;

import dev.aperture.calls.ErrorType;
import dev.aperture.calls.ServiceId;
import dev.aperture.calls.Severity;
import dev.aperture.store.Wired;
import dev.aperture.web.Api;
import dev.aperture.web.BadRequest;
import dev.aperture.web.Json;
import dev.aperture.web.NotFound;
import dev.aperture.web.Requests;
import dev.aperture.web.RouteGroup;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Alerts, their history, and error records over REST. */
public final class AlertRoutes implements RouteGroup {

    private final AlertStore store;

    public AlertRoutes(AlertStore store) {
        this.store = store;
    }

    @Override
    public void register(Api api) {
        api.get("/api/alerts", ctx -> {
            AlertStore.Filter filter = new AlertStore.Filter(service(ctx), type(ctx), severity(ctx));
            ctx.json(Map.of("alerts", store.open(filter), "totals", store.totals()));
        });
        api.get("/api/alerts/summary", ctx -> ctx.json(Map.of("totals", store.totals(),
                "byService", store.openCounts())));
        api.get("/api/alerts/history", ctx -> ctx.json(Map.of("alerts",
                store.history(service(ctx), Requests.limit(ctx, 100, 1000)))));
        api.post("/api/alerts/dismiss", ctx -> {
            String id = Json.text(Json.object(ctx), "service");
            ServiceId service = ServiceId.parse(id).orElseThrow(() -> new BadRequest("service", "unknown service '" + id + "'"));
            ctx.json(Map.of("dismissed", store.dismissService(service)));
        });
        api.post("/api/alerts/{id}/dismiss", ctx -> {
            String id = ctx.pathParam("id");
            if (!store.dismiss(id)) {
                throw new NotFound("no alert with id " + id);
            }
            ctx.json(store.find(id).orElseThrow());
        });
        api.get("/api/errors", ctx -> {
            Optional<String> cursor = Requests.query(ctx, "cursor");
            if (cursor.isPresent() && !ErrorLog.validCursor(cursor.get())) {
                throw new BadRequest("cursor", "is not a cursor this API returned");
            }
            ErrorLog.Filter filter = new ErrorLog.Filter(service(ctx), type(ctx), Requests.instant(ctx, "since"),
                    Requests.instant(ctx, "until"), Requests.query(ctx, "jobRunId"), Requests.query(ctx, "alertId"));
            ctx.json(store.errors(filter, Requests.limit(ctx, 50, 500), cursor));
        });
    }

    private static Optional<String> service(Context ctx) {
        return Requests.query(ctx, "service").map(v -> ServiceId.parse(v).map(ServiceId::id)
                .orElseThrow(() -> new BadRequest("service", "unknown service '" + v + "'; one of "
                        + String.join(", ", Arrays.stream(ServiceId.values()).map(ServiceId::id).toList()))));
    }

    private static Optional<ErrorType> type(Context ctx) {
        return Requests.query(ctx, "type").map(v -> ErrorType.parse(v)
                .orElseThrow(() -> new BadRequest("type", "must be one of authentication, rate_limit, outage, "
                        + "configuration")));
    }

    private static Optional<Severity> severity(Context ctx) {
        return Requests.query(ctx, "severity").map(v -> Wired.fromWire(Severity.class, v.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new BadRequest("severity", "must be one of error, warning, info")));
    }
}
