package dev.aperture.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Alerts, their history, and error records over REST. */
public final class AlertRoutes implements RouteGroup {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AlertRoutes.class);

    /** The unfiltered answer of GET /api/alerts as JSON, and the store's version it was built from. */
    private record Serialized(long version, byte[] json) {}

    private final AlertStore store;
    private final ObjectMapper json;
    /**
     * Every open-alerts widget polls the unfiltered list, and it changes only when the store's version does:
     * serializing it once per version instead of once per request was most of that request's cost
     * (docs/benchmarks.md, "Read path").
     */
    private final AtomicReference<Serialized> unfiltered = new AtomicReference<>(new Serialized(-1, null));

    public AlertRoutes(AlertStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    @Override
    public void register(Api api) {
        api.get("/api/alerts", ctx -> {
            AlertStore.Filter filter = new AlertStore.Filter(service(ctx), type(ctx), severity(ctx));
            byte[] body = filter.equals(AlertStore.Filter.none()) ? unfiltered() : open(filter);
            // Written as it is: as a result, Javalin copies every answer through a 32 KB buffer of its own, which was
            // three quarters of this request's allocation (docs/benchmarks.md, "Read path"). Jetty still sends a
            // Content-Length while the answer fits its response buffer.
            try {
                ctx.contentType(ContentType.APPLICATION_JSON).outputStream().write(body);
            } catch (java.io.IOException e) {
                // The client went away: no one is left to answer (Javalin's own writing does not report it either).
                LOG.debug("alerts not sent: {}", e.toString());
            }
        });
        api.get("/api/alerts/summary", ctx -> {
            // ?includeDismissed=true: dismissed alerts still unresolved count too, as on the dashboard's switch.
            boolean includeDismissed = Requests.flag(ctx, "includeDismissed");
            ctx.json(Map.of("totals", store.totals(includeDismissed), "byService", store.openCounts(includeDismissed)));
        });
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

    private byte[] unfiltered() throws JsonProcessingException {
        Serialized last = unfiltered.get();
        // Read before the alerts: what is built is at least this version, never older than it says.
        long version = store.version();
        if (last.version() == version) {
            return last.json();
        }
        byte[] body = open(AlertStore.Filter.none());
        unfiltered.set(new Serialized(version, body));
        return body;
    }

    private byte[] open(AlertStore.Filter filter) throws JsonProcessingException {
        return json.writeValueAsBytes(Map.of("alerts", store.open(filter), "totals", store.totals()));
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
