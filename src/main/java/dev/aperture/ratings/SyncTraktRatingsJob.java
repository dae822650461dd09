package dev.aperture.ratings;

import dev.aperture.calls.CallContext;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.Calls;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.Purpose;
import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.Caller;
import dev.aperture.integrations.Fetched;
import dev.aperture.integrations.Settings;
import dev.aperture.integrations.trakt.TraktClient;
import dev.aperture.integrations.trakt.TraktRating;
import dev.aperture.integrations.trakt.TraktTokenGrant;
import dev.aperture.jobs.ItemOutcome;
import dev.aperture.jobs.Job;
import dev.aperture.jobs.LogLevel;
import dev.aperture.jobs.RunScope;
import dev.aperture.secrets.Secret;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * Each authorized user's Trakt ratings (movies and shows). An expired access token is refreshed
 * once, before the calls or after a 401, and the new single-use pair is stored at once; only a
 * refused refresh is an alert, for that user alone.
 */
public final class SyncTraktRatingsJob implements Job {

    private final TraktClient trakt;
    private final Calls calls;
    private final TraktTokens tokens;
    private final RatingsStore ratings;

    public SyncTraktRatingsJob(TraktClient trakt, Calls calls, TraktTokens tokens, Jdbi jdbi, Clock clock) {
        this.trakt = trakt;
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
        for (TraktRating.Kind kind : TraktRating.Kind.values()) {
            Caller caller = refreshed || proven ? scope::call : quietly(scope);
            Fetched<List<TraktRating>> fetched = trakt.ratings(caller, settings, kind, current.access(), user);
            if (unauthorized(fetched.result()) && !refreshed) {
                Refresh r = refresh(current, settings, scope);
                if (r.failure() != null) {
                    return r.failure();
                }
                current = r.tokens();
                refreshed = true;
                fetched = trakt.ratings(scope::call, settings, kind, current.access(), user);
            } else if (fetched.result().outcome() instanceof Outcome.Failure && !refreshed && !proven) {
                // Not the 401 a refresh cures: send it again under the run's policy, so it is recorded,
                // alerted and waited out (rate limit) or retried (outage) like every other call.
                fetched = trakt.ratings(scope::call, settings, kind, current.access(), user);
            }
            if (fetched instanceof Fetched.Unsuccessful<List<TraktRating>> failed) {
                return scope.unsuccessful(failed.result(), user + " " + kind.wire() + " ratings");
            }
            proven = true;
            if (!(fetched instanceof Fetched.Got<List<TraktRating>> got)) {
                return new ItemOutcome.Failed(ServiceId.TRAKT, user + ": the " + kind.wire()
                        + " ratings were not a list", null);
            }
            got.value().forEach(t -> all.add(new RatingsStore.Rating(t.kind().wire(), t.traktId(), t.imdbId(),
                    t.tmdbId(), t.title(), t.year(), t.rating(), t.ratedAt())));
        }
        ratings.replace(user, all);
        tokens.synced(user);
        return new ItemOutcome.Done(all.size() + " ratings" + (refreshed ? " (token refreshed)" : ""));
    }

    private record Refresh(TraktTokens.Tokens tokens, ItemOutcome failure) {}

    /** Spends the single-use refresh token and stores the new pair before anything else can fail. */
    private Refresh refresh(TraktTokens.Tokens spent, Settings settings, RunScope scope) {
        Fetched<TraktTokenGrant> fetched = trakt.refresh(scope::call, settings, spent.refresh(), spent.user());
        if (fetched instanceof Fetched.Unsuccessful<TraktTokenGrant> failed) {
            // invalid_grant: the classifier makes it an authentication alert with the user as subject.
            return new Refresh(null, scope.unsuccessful(failed.result(), spent.user() + ": token refresh"));
        }
        if (!(fetched instanceof Fetched.Got<TraktTokenGrant> got)) {
            return new Refresh(null, new ItemOutcome.Failed(ServiceId.TRAKT,
                    spent.user() + ": Trakt answered the token refresh without tokens", null));
        }
        TraktTokenGrant grant = got.value();
        Secret access = grant.access();
        Secret refresh = grant.refresh();
        Instant expiresAt = grant.expiresAt(scope.clock().instant());
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
    private Caller quietly(RunScope scope) {
        if (scope.stopped(ServiceId.TRAKT)) {
            return scope::call;
        }
        return request -> calls.call(request, new CallContext(Purpose.JOB, scope.runId(), false));
    }

    private static boolean unauthorized(CallResult result) {
        return result.outcome() instanceof Outcome.Failure f && f.type() == ErrorType.AUTHENTICATION
                && Integer.valueOf(401).equals(f.httpStatus());
    }
}
