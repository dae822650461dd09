package dev.aperture.ratings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.calls.CallContext;
import dev.aperture.calls.CallRequest;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.Calls;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.JsonBody;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.Purpose;
import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.Integrations;
import dev.aperture.integrations.Settings;
import dev.aperture.integrations.trakt.TraktIntegration;
import dev.aperture.jobs.ItemOutcome;
import dev.aperture.jobs.Job;
import dev.aperture.jobs.LogLevel;
import dev.aperture.jobs.RunScope;
import dev.aperture.secrets.Secret;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * Each authorized user's Trakt ratings (movies and shows). An expired access token is refreshed
 * once, before the calls or after a 401, and the new single-use pair is stored at once; only a
 * refused refresh is an alert, for that user alone.
 */
public final class SyncTraktRatingsJob implements Job {

    private static final List<String> KINDS = List.of("movie", "show");

    private final TraktIntegration trakt;
    private final Calls calls;
    private final TraktTokens tokens;
    private final RatingsStore ratings;

    public SyncTraktRatingsJob(Integrations integrations, Calls calls, TraktTokens tokens, Jdbi jdbi, Clock clock) {
        this.trakt = integrations.get(ServiceId.TRAKT, TraktIntegration.class);
        this.calls = calls;
        this.tokens = tokens;
        this.ratings = new RatingsStore(jdbi, clock);
    }

    @Override
    public String name() {
        return "sync-trakt-ratings";
    }

    @Override
    public String description() {
        return "Reads the movie and show ratings of every user who authorized Aperture on Trakt.";
    }

    @Override
    public String defaultSchedule() {
        return "every 12h";
    }

    @Override
    public Set<ServiceId> requires() {
        return Set.of(ServiceId.TRAKT);
    }

    @Override
    public List<Item> plan(RunScope scope) {
        return tokens.users().stream().map(u -> new Item(u, "Trakt ratings of " + u)).toList();
    }

    @Override
    public ItemOutcome process(Item item, RunScope scope) {
        String user = item.key();
        TraktTokens.Tokens current = tokens.find(user).orElse(null);
        if (current == null) {
            return new ItemOutcome.NotFound(user + " is no longer authorized on Trakt");
        }
        Settings settings = scope.settings(ServiceId.TRAKT);
        boolean refreshed = false;
        if (current.expired(scope.clock().instant())) {
            Refresh r = refresh(current, settings, scope);
            if (r.failure() != null) {
                return r.failure();
            }
            current = r.tokens();
            refreshed = true;
        }
        List<RatingsStore.Rating> all = new ArrayList<>();
        boolean proven = false;
        for (String kind : KINDS) {
            String path = "/sync/ratings/" + kind + "s";
            CallRequest request = trakt.userGet(settings, path, current.access(), user);
            CallResult result = refreshed || proven ? scope.call(request) : quietly(request, scope);
            if (unauthorized(result) && !refreshed) {
                Refresh r = refresh(current, settings, scope);
                if (r.failure() != null) {
                    return r.failure();
                }
                current = r.tokens();
                refreshed = true;
                result = scope.call(trakt.userGet(settings, path, current.access(), user));
            } else if (result.outcome() instanceof Outcome.Failure && !refreshed && !proven) {
                // Not the 401 a refresh cures: send it again under the run's policy, so it is recorded,
                // alerted and waited out (rate limit) or retried (outage) like every other call.
                result = scope.call(trakt.userGet(settings, path, current.access(), user));
            }
            if (!result.ok()) {
                return scope.unsuccessful(result, user + " " + kind + " ratings");
            }
            proven = true;
            JsonNode body = JsonBody.parse(result.body()).orElse(null);
            if (body == null || !body.isArray()) {
                return new ItemOutcome.Failed(ServiceId.TRAKT, user + ": the " + kind + " ratings were not a list", null);
            }
            body.forEach(n -> rating(kind, n).ifPresent(all::add));
        }
        ratings.replace(user, all);
        tokens.synced(user);
        return new ItemOutcome.Done(all.size() + " ratings" + (refreshed ? " (token refreshed)" : ""));
    }

    private record Refresh(TraktTokens.Tokens tokens, ItemOutcome failure) {}

    /** Spends the single-use refresh token and stores the new pair before anything else can fail. */
    private Refresh refresh(TraktTokens.Tokens spent, Settings settings, RunScope scope) {
        CallResult result = scope.call(trakt.refresh(settings, spent.refresh(), spent.user()));
        if (!result.ok()) {
            // invalid_grant: the classifier makes it an authentication alert with the user as subject.
            return new Refresh(null, scope.unsuccessful(result, spent.user() + ": token refresh"));
        }
        JsonNode body = JsonBody.parse(result.body()).orElse(null);
        Secret access = Secret.of(JsonBody.text(body, "access_token").orElse(""));
        Secret refresh = Secret.of(JsonBody.text(body, "refresh_token").orElse(""));
        if (access.isEmpty() || refresh.isEmpty()) {
            return new Refresh(null, new ItemOutcome.Failed(ServiceId.TRAKT,
                    spent.user() + ": Trakt answered the token refresh without tokens", null));
        }
        Instant expiresAt = TraktTokenAnswer.expiry(body, scope.clock().instant());
        if (!tokens.refreshed(spent, access, refresh, expiresAt)) {
            return new Refresh(null, new ItemOutcome.Failed(ServiceId.TRAKT,
                    spent.user() + ": the authorization changed during the run (re-authorized or removed)", null));
        }
        scope.log(LogLevel.INFO, "Refreshed the expired Trakt token of " + spent.user(), ServiceId.TRAKT, spent.user());
        return new Refresh(tokens.find(spent.user()).orElseThrow(), null);
    }

    /**
     * The first call with a token this run has not seen work is not recorded: Trakt answers 401 when
     * the access token has expired; the remedy is to refresh it (refresh tokens are single use) and retry,
     * alerting only when the refresh fails. Once Trakt accepted the token, calls go through the run's
     * policy (so a run whose calls all worked also resolves Trakt's alerts).
     */
    private CallResult quietly(CallRequest request, RunScope scope) {
        if (scope.stopped(ServiceId.TRAKT)) {
            return scope.call(request);
        }
        return calls.call(request, new CallContext(Purpose.JOB, scope.runId(), false));
    }

    private static boolean unauthorized(CallResult result) {
        return result.outcome() instanceof Outcome.Failure f && f.type() == ErrorType.AUTHENTICATION
                && Integer.valueOf(401).equals(f.httpStatus());
    }

    /** One entry of /sync/ratings: {rated_at, rating, type, movie|show: {title, year, ids: {trakt, imdb, tmdb}}}. */
    private static Optional<RatingsStore.Rating> rating(String kind, JsonNode entry) {
        JsonNode media = entry.get(kind);
        JsonNode ids = media == null ? null : media.get("ids");
        Optional<String> traktId = JsonBody.text(ids, "trakt");
        Optional<Integer> value = JsonBody.integer(entry, "rating");
        if (traktId.isEmpty() || value.isEmpty()) {
            return Optional.empty();
        }
        Instant ratedAt = JsonBody.text(entry, "rated_at").flatMap(SyncTraktRatingsJob::instant).orElse(null);
        return Optional.of(new RatingsStore.Rating(kind, traktId.get(), JsonBody.text(ids, "imdb").orElse(null),
                JsonBody.text(ids, "tmdb").orElse(null), JsonBody.text(media, "title").orElse(""),
                JsonBody.integer(media, "year").orElse(null), value.get(), ratedAt));
    }

    private static Optional<Instant> instant(String iso) {
        try {
            return Optional.of(Instant.parse(iso));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
