package dev.aperture.requests;

import dev.aperture.alerts.AlertStore;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Occurrence;
import dev.aperture.calls.Recorded;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.RequestDetails;
import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.Fetched;
import dev.aperture.integrations.Settings;
import dev.aperture.integrations.jellyseerr.JellyseerrClient;
import dev.aperture.integrations.jellyseerr.JellyseerrPage;
import dev.aperture.integrations.jellyseerr.JellyseerrRequest;
import dev.aperture.jobs.ItemOutcome;
import dev.aperture.jobs.Job;
import dev.aperture.jobs.LogLevel;
import dev.aperture.jobs.RunScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    /** A display name is the provider's free text; the alert's subject column holds 200 characters. */
    static final int NAME_MAX = 80;
    static final String ACTION = "Check user configuration: give the Jellyseerr user an Aperture account with the "
            + "same username, or map it in the User mappings form on the Jellyseerr page (Settings → Integrations → "
            + "Jellyseerr).";

    private final JellyseerrClient jellyseerr;
    private final RequestStore store;
    private final AlertStore alerts;

    public SyncJellyseerrRequestsJob(JellyseerrClient jellyseerr, RequestStore store, AlertStore alerts) {
        this.jellyseerr = jellyseerr;
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
    public String unit() {
        return "requests";
    }

    @Override
    public Set<ServiceId> requires() {
        return Set.of(ServiceId.JELLYSEERR);
    }

    @Override
    public List<Item> plan(RunScope scope) {
        Fetched<JellyseerrPage> first = jellyseerr.requests(scope::call, scope.settings(ServiceId.JELLYSEERR), 1, 0);
        if (first instanceof Fetched.Unsuccessful<JellyseerrPage> failed) {
            throw new PlanFailed("Jellyseerr did not list the requests: " + scope.unsuccessful(failed.result(), "requests").detail());
        }
        if (!(first instanceof Fetched.Got<JellyseerrPage> got)) {
            throw new PlanFailed("Jellyseerr listed the requests without a results list");
        }
        int total = got.value().total();
        List<Item> pages = new ArrayList<>();
        for (int skip = 0; skip < total; skip += PAGE) {
            int end = Math.min(total, skip + PAGE);
            pages.add(new Item(String.valueOf(skip / PAGE), "Requests " + (skip + 1) + "–" + end + " of " + total,
                    end - skip));
        }
        return pages;
    }

    @Override
    public ItemOutcome process(Item item, RunScope scope) {
        Settings settings = scope.settings(ServiceId.JELLYSEERR);
        Fetched<JellyseerrPage> fetched = jellyseerr.requests(scope::call, settings, PAGE,
                Integer.parseInt(item.key()) * PAGE);
        if (fetched instanceof Fetched.Unsuccessful<JellyseerrPage> failed) {
            return scope.unsuccessful(failed.result(), item.label());
        }
        if (!(fetched instanceof Fetched.Got<JellyseerrPage> got)) {
            return new ItemOutcome.Failed(ServiceId.JELLYSEERR, item.label() + ": the answer had no results list", null);
        }
        Requesters requesters = new Requesters(jellyseerr, settings, scope, store.mappings(), store.apertureUsers());
        List<RequestStore.Request> requests = new ArrayList<>();
        Map<Integer, Recorded> unmapped = new LinkedHashMap<>();
        Map<Integer, String> unmappedNames = new LinkedHashMap<>();
        for (JellyseerrRequest r : got.value().requests()) {
            Integer byId = r.requestedBy().map(u -> u.id()).orElse(null);
            Requesters.Found who = requesters.find(r.requestedBy());
            if (byId != null && who.username() == null) {
                unmapped.putIfAbsent(byId, who.recorded() != null ? who.recorded() : alert(byId, who.name(), scope));
                unmappedNames.putIfAbsent(byId, who.name() == null ? "user " + byId
                        : who.name() + " (user " + byId + ")");
            }
            requests.add(new RequestStore.Request(r.id(), r.status(), r.mediaType(), r.tmdbId(), byId, who.name(),
                    who.username(), r.createdAt()));
        }
        store.save(requests);
        if (unmapped.isEmpty()) {
            return new ItemOutcome.Done(requests.size() + " requests");
        }
        String users = String.join(", ", unmappedNames.values());
        return new ItemOutcome.Failed(ServiceId.JELLYSEERR, item.label() + ": " + requests.size()
                + " requests stored; not mapped to an Aperture user: " + users, unmapped.values().iterator().next());
    }

    /** The seed's "User not found / User mapping issue / Check user configuration", with no call behind it. */
    private Recorded alert(int jellyseerrUserId, String name, RunScope scope) {
        // The title names the person ("Jellyseerr user carol: not mapped"); the message keeps the id, which is
        // what the mapping form asks for. Only a requester Jellyseerr gave no name for is named by its id.
        String who = "user " + (name == null || name.isBlank() ? String.valueOf(jellyseerrUserId)
                : name.strip().substring(0, Math.min(name.strip().length(), NAME_MAX)));
        Outcome.Failure failure = new Outcome.Failure(ErrorType.CONFIGURATION, "user_not_mapped", null,
                "User not found: user mapping issue (Jellyseerr user " + jellyseerrUserId
                        + (name == null ? "" : " \"" + name + "\"") + " matches no Aperture user).", ACTION)
                .withSubject(who);
        RequestDetails none = new RequestDetails("-", "-", Map.of(), null, "", 0);
        Recorded recorded = alerts.record(new Occurrence(ServiceId.JELLYSEERR, failure, none, scope.runId(),
                scope.clock().instant()), 1);
        scope.log(LogLevel.ERROR, dev.aperture.calls.AlertTitle.of(ServiceId.JELLYSEERR, failure) + " — "
                + failure.message(), ServiceId.JELLYSEERR, who);
        return recorded;
    }
}
