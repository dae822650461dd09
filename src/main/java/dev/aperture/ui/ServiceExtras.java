package dev.aperture.ui;

import dev.aperture.alerts.AlertStore;
import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.ServiceStates;
import dev.aperture.lists.ListRoutes;
import dev.aperture.ratings.TraktRoutes;
import dev.aperture.ratings.TraktTokens;
import dev.aperture.requests.RequestStore;
import dev.aperture.requests.UserMappingRoutes;
import dev.aperture.web.BadRequest;
import dev.aperture.web.PageGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What some service pages show beyond settings: Trakt's authorized users and the device flow,
 * MDBList's lists, Jellyseerr's user mappings. Through the same objects as their REST routes.
 */
public final class ServiceExtras implements PageGroup {

    /**
     * The extras of one service page; lists that do not belong to it are empty. {@code alerted}: by the name a row
     * uses (a user, a list id, a Jellyseerr user id), the subject's most pressing alert that counts toward the
     * status; {@code elsewhere}: those of subjects no row shows (a Jellyseerr user not mapped yet, a removed user).
     */
    public record View(String service, List<TraktTokens.AuthorizedUser> traktUsers, List<ListRoutes.ListRow> lists,
                       List<RequestStore.Mapping> mappings, Map<String, ServiceStates.SubjectAlert> alerted,
                       List<ServiceStates.SubjectAlert> elsewhere) {}

    /** QuotaWarning's subject: the service's daily quota, not a user or a list, so no row's business. */
    private static final String QUOTA = "quota";

    private final Frame frame;
    private final TraktRoutes trakt;
    private final ListRoutes lists;
    private final UserMappingRoutes mappings;
    private final AlertStore alerts;

    ServiceExtras(Frame frame, TraktRoutes trakt, ListRoutes lists, UserMappingRoutes mappings, AlertStore alerts) {
        this.alerts = alerts;
        this.frame = frame;
        this.trakt = trakt;
        this.lists = lists;
        this.mappings = mappings;
    }

    /** {@code subjects}: the service view's {@link dev.aperture.integrations.IntegrationView#subjectAlerts}. */
    View of(ServiceId service, List<ServiceStates.SubjectAlert> subjects) {
        List<TraktTokens.AuthorizedUser> users = service == ServiceId.TRAKT ? trakt.users() : List.of();
        List<ListRoutes.ListRow> rows = service == ServiceId.MDBLIST ? lists.lists() : List.of();
        List<RequestStore.Mapping> mapped = service == ServiceId.JELLYSEERR ? mappings.mappings() : List.of();
        java.util.Set<String> shown = new java.util.HashSet<>();
        users.forEach(u -> shown.add(u.user()));
        rows.forEach(l -> shown.add(l.listId()));
        mapped.forEach(m -> shown.add(String.valueOf(m.jellyseerrUserId())));
        List<ServiceStates.SubjectAlert> elsewhere = subjects.stream()
                .filter(a -> !shown.contains(a.key()) && !QUOTA.equals(a.subject())).toList();
        return new View(service.id(), users, rows, mapped, ServiceStates.byKey(subjects), elsewhere);
    }

    @Override
    public void register(RoutesConfig r) {
        r.post("/integrations/trakt/device", ctx -> {
            try {
                connection(ctx, trakt.connect(ctx.formParam("user")), null);
            } catch (BadRequest e) {
                connection(ctx.status(200), null, "User " + e.problem() + ".");
            } catch (HttpResponseException e) {
                // Not configured, or Trakt refused: said in the page, where the admin can act on it.
                connection(ctx.status(200), null, e.getMessage());
            }
        });
        r.get("/integrations/trakt/device/{id}", ctx -> connection(ctx, trakt.connection(ctx.pathParam("id")), null));
        r.post("/integrations/trakt/users/{name}/remove", ctx -> {
            String user = ctx.pathParam("name");
            trakt.remove(user);
            Frame.flash(ctx, "Removed the Trakt authorization of " + user + " and their synced ratings.");
            Frame.go(ctx, "/integrations/trakt");
        });
        r.post("/integrations/jellyseerr/mappings", this::map);
    }

    private void connection(Context ctx, TraktRoutes.Connection connection, String error) {
        Map<String, Object> params = new HashMap<>();
        params.put("c", connection);
        params.put("error", error);
        params.put("users", connection != null && "authorized".equals(connection.state()) ? trakt.users() : null);
        params.put("alerted", ServiceStates.byKey(ServiceStates.subjects(alerts.ongoing(ServiceId.TRAKT.id()), false)));
        frame.fragment(ctx, "tag/traktdevice.jte", params);
    }

    private void map(Context ctx) {
        Map<String, Object> body = new HashMap<>();
        String id = ctx.formParam("jellyseerrUserId") == null ? "" : ctx.formParam("jellyseerrUserId").trim();
        if (id.matches("\\d{1,9}")) {
            body.put("jellyseerrUserId", Integer.parseInt(id));
        } else {
            body.put("jellyseerrUserId", id); // the API's own check says what it takes
        }
        body.put("username", ctx.formParam("username") == null ? "" : ctx.formParam("username"));
        Map<String, Object> params = new HashMap<>();
        params.put("errors", Map.of());
        params.put("id", id);
        params.put("username", body.get("username"));
        try {
            RequestStore.Mapping saved = mappings.map(body);
            params.put("saved", "Jellyseerr user " + saved.jellyseerrUserId() + " is now " + saved.username() + ".");
            params.put("id", "");
            params.put("username", "");
        } catch (BadRequest e) {
            params.put("errors", Map.of(e.field(), e.problem()));
            params.put("saved", null);
        }
        params.put("mappings", mappings.mappings());
        params.put("alerted", ServiceStates.byKey(ServiceStates.subjects(alerts.ongoing(ServiceId.JELLYSEERR.id()), false)));
        frame.fragment(ctx, "tag/mappings.jte", params);
    }
}
