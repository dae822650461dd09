package dev.aperture.ui;

import dev.aperture.alerts.Alert;
import dev.aperture.alerts.AlertStore;
import dev.aperture.alerts.ErrorLog;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.ServiceId;
import dev.aperture.calls.Severity;
import dev.aperture.store.Wired;
import dev.aperture.web.PageGroup;
import dev.aperture.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Alerts: the open ones with filters, one alert with its error records, history; dismissing. */
final class AlertPages implements PageGroup {

    private final Frame frame;
    private final AlertStore store;

    AlertPages(Frame frame, AlertStore store) {
        this.frame = frame;
        this.store = store;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/alerts", this::open);
        routes.get("/alerts/history", ctx -> frame.page(ctx, "alerthistory.jte", "Alert history", "alerts",
                Map.of("alerts", frame.cards(store.history(Optional.empty(), 200)))));
        routes.get("/alerts/{id}", this::one);
        routes.post("/alerts/{id}/dismiss", ctx -> {
            store.dismiss(ctx.pathParam("id"));
            if (ctx.header("HX-Request") != null) {
                // The alert element is replaced by nothing; the badge is swapped out of band.
                ctx.html(frame.badge());
            } else {
                ctx.redirect(Optional.ofNullable(ctx.header("Referer")).orElse("/alerts"), HttpStatus.SEE_OTHER);
            }
        });
        routes.post("/alerts/dismiss", ctx -> {
            ServiceId service = ServiceId.parse(Optional.ofNullable(ctx.formParam("service")).orElse(""))
                    .orElseThrow(() -> new dev.aperture.web.BadRequest("service", "unknown service"));
            int n = store.dismissService(service);
            Frame.flash(ctx, "Dismissed " + n + " " + service.displayName() + " alert" + (n == 1 ? "" : "s") + ".");
            ctx.redirect("/alerts", HttpStatus.SEE_OTHER);
        });
    }

    private void open(Context ctx) {
        Optional<String> service = Requests.query(ctx, "service").filter(s -> ServiceId.parse(s).isPresent());
        Optional<ErrorType> type = Requests.query(ctx, "type").flatMap(ErrorType::parse);
        Optional<Severity> severity = Requests.query(ctx, "severity")
                .flatMap(s -> Wired.fromWire(Severity.class, s));
        List<Alert> open = store.open(new AlertStore.Filter(service, type, severity));
        frame.page(ctx, "alerts.jte", "Alerts", "alerts", Map.of(
                "alerts", frame.cards(open),
                "service", service.orElse(""), "type", type.map(ErrorType::wire).orElse(""),
                "severity", severity.map(Severity::wire).orElse(""),
                "services", Arrays.asList(ServiceId.values()), "types", Arrays.asList(ErrorType.values())));
    }

    private void one(Context ctx) {
        String id = ctx.pathParam("id");
        Alert alert = store.find(id).orElseThrow(() -> new dev.aperture.web.NotFound("no alert with id " + id));
        ErrorLog.Filter filter = new ErrorLog.Filter(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(id));
        frame.page(ctx, "alert.jte", alert.title(), "alerts", Map.of("card", frame.card(alert),
                "errors", store.errors(filter, 50, Optional.empty()).errors()));
    }
}
