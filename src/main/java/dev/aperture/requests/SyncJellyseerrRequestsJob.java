package dev.aperture.requests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.alerts.AlertBook;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.JsonBody;
import dev.aperture.calls.Occurrence;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.RequestDetails;
import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.Integrations;
import dev.aperture.integrations.Settings;
import dev.aperture.integrations.jellyseerr.JellyseerrIntegration;
import dev.aperture.jobs.ItemOutcome;
import dev.aperture.jobs.Job;
import dev.aperture.jobs.LogLevel;
import dev.aperture.jobs.RunScope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Jellyseerr's media requests, a page at a time, each tied to the Aperture user who asked.
 *
 * <p>A page whose call worked but that has a requester mapped to no Aperture user stores all its
 * requests (the mapped ones with their user) and still ends <em>failed</em>, linked to the "User not
 * found" alert: a done page would let the run succeed, and a successful run resolves the service's
 * alerts, closing the very alert it just opened. "Retry failed items" re-reads the page once the
 * mapping is fixed, and that success resolves the alert.
 */
public final class SyncJellyseerrRequestsJob implements Job {

    static final int PAGE = 100;
    static final String ACTION = "Check user configuration: give the Jellyseerr user an Aperture account with the "
            + "same username, or map it with PUT /api/jellyseerr/user-mappings.";

    private final JellyseerrIntegration jellyseerr;
    private final RequestStore store;
    private final AlertBook alerts;

    public SyncJellyseerrRequestsJob(Integrations integrations, RequestStore store, AlertBook alerts) {
        this.jellyseerr = integrations.get(ServiceId.JELLYSEERR, JellyseerrIntegration.class);
        this.store = store;
        this.alerts = alerts;
    }

    @Override
    public String name() {
        return "sync-jellyseerr-requests";
    }

    @Override
    public String description() {
        return "Reads Jellyseerr's media requests and who asked for them, mapped to Aperture users.";
    }

    @Override
    public String defaultSchedule() {
        return "every 1h";
    }

    @Override
    public Set<ServiceId> requires() {
        return Set.of(ServiceId.JELLYSEERR);
    }

    @Override
    public List<Item> plan(RunScope scope) {
        CallResult first = scope.call(jellyseerr.requests(scope.settings(ServiceId.JELLYSEERR), 1, 0));
        if (!first.ok()) {
            throw new PlanFailed("Jellyseerr did not list the requests: " + scope.unsuccessful(first, "requests"));
        }
        JsonNode info = JsonBody.parse(first.body()).map(n -> n.get("pageInfo")).orElse(null);
        int total = JsonBody.integer(info, "results").orElse(0);
        List<Item> pages = new ArrayList<>();
        for (int skip = 0; skip < total; skip += PAGE) {
            pages.add(new Item(String.valueOf(skip / PAGE),
                    "Requests " + (skip + 1) + "–" + Math.min(total, skip + PAGE) + " of " + total));
        }
        return pages;
    }

    @Override
    public ItemOutcome process(Item item, RunScope scope) {
        Settings settings = scope.settings(ServiceId.JELLYSEERR);
        CallResult result = scope.call(jellyseerr.requests(settings, PAGE, Integer.parseInt(item.key()) * PAGE));
        if (!result.ok()) {
            return scope.unsuccessful(result, item.label());
        }
        JsonNode results = JsonBody.parse(result.body()).map(n -> n.get("results")).orElse(null);
        if (results == null || !results.isArray()) {
            return new ItemOutcome.Failed(ServiceId.JELLYSEERR, item.label() + ": the answer had no results list", null);
        }
        Requesters requesters = new Requesters(jellyseerr, settings, scope, store.mappings(), store.apertureUsers());
        List<RequestStore.Request> requests = new ArrayList<>();
        Map<Integer, String> unmapped = new LinkedHashMap<>();
        for (JsonNode r : results) {
            Optional<String> id = JsonBody.text(r, "id");
            if (id.isEmpty()) {
                continue;
            }
            JsonNode by = r.get("requestedBy");
            Integer byId = JsonBody.integer(by, "id").orElse(null);
            Requesters.Found who = requesters.find(by);
            if (byId != null && who.username() == null) {
                unmapped.putIfAbsent(byId, who.errorId() != null ? who.errorId() : alert(byId, who.name(), scope));
            }
            JsonNode media = r.get("media");
            requests.add(new RequestStore.Request(id.get(), JsonBody.integer(r, "status").orElse(null),
                    JsonBody.text(media, "mediaType").or(() -> JsonBody.text(r, "type")).orElse(null),
                    JsonBody.text(media, "tmdbId").orElse(null), byId, who.name(), who.username(),
                    JsonBody.text(r, "createdAt").flatMap(SyncJellyseerrRequestsJob::instant).orElse(null)));
        }
        store.save(requests);
        if (unmapped.isEmpty()) {
            return new ItemOutcome.Done(requests.size() + " requests");
        }
        String users = unmapped.keySet().stream().map(i -> "user " + i).reduce((a, b) -> a + ", " + b).orElse("");
        return new ItemOutcome.Failed(ServiceId.JELLYSEERR, item.label() + ": " + requests.size()
                + " requests stored; not mapped to an Aperture user: " + users, unmapped.values().iterator().next());
    }

    /** A "User not found" configuration alert (a user-mapping problem), raised with no call behind it. */
    private String alert(int jellyseerrUserId, String name, RunScope scope) {
        String who = "user " + jellyseerrUserId;
        Outcome.Failure failure = new Outcome.Failure(ErrorType.CONFIGURATION, "user_not_mapped", null,
                "User not found: user mapping issue (Jellyseerr " + who + (name == null ? "" : " \"" + name + "\"")
                        + " matches no Aperture user).", ACTION).withSubject(who);
        RequestDetails none = new RequestDetails("-", "-", Map.of(), null, "", 0);
        String errorId = alerts.record(new Occurrence(ServiceId.JELLYSEERR, failure, none, scope.runId(),
                scope.clock().instant()), 1);
        scope.log(LogLevel.ERROR, "Jellyseerr Configuration Error: " + failure.message(), ServiceId.JELLYSEERR, who);
        return errorId;
    }

    private static Optional<Instant> instant(String iso) {
        try {
            return Optional.of(Instant.parse(iso));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
