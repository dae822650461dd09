package dev.aperture.integrations.trakt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.calls.Actions;
import dev.aperture.calls.Answer;
import dev.aperture.calls.CallRequest;
import dev.aperture.calls.Cdn;
import dev.aperture.calls.Classifier;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.JsonApi;
import dev.aperture.calls.JsonBody;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.RetryAfter;
import dev.aperture.calls.ServiceId;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trakt's dialect: mostly bare HTTP statuses (420, 423, 426 are Trakt's own), OAuth errors on the
 * token endpoint, and Cloudflare in front, whose HTML 403 is a block, not a bad client id
 * (Trakt's own 403 means an invalid client id or an app not yet approved).
 */
final class TraktClassifier implements Classifier {

    private static final ServiceId TRAKT = ServiceId.TRAKT;
    /** Trakt's limit window; a tripped security limit also blocks for about 5 minutes, sometimes without headers. */
    static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
    private static final Pattern WWW_AUTH_ERROR = Pattern.compile("error=\"?([a-z_]+)\"?", Pattern.CASE_INSENSITIVE);

    static final String RECONFIGURE = "Reconfigure in Aperture: check the Trakt client ID and client secret against "
            + "your app at https://trakt.tv/oauth/applications, save them and click Test Connection.";
    static final String REAUTHORIZE = "The user re-authenticates: connect Trakt again for this user in Aperture "
            + "(the stored authorization is no longer accepted).";
    static final String BASE_URL_ACTION =
            "Check the Trakt base URL in Aperture (leave it empty for " + TraktIntegration.DEFAULT_BASE_URL + ").";
    private static final JsonApi API = JsonApi.publicApi("Trakt", BASE_URL_ACTION);
    static final String WAIT = "Wait 5 minutes for Trakt's rate limit to reset (or until the time shown), reduce "
            + "request frequency (space out jobs), and check that no other app shares this client ID.";

    @Override
    public Optional<JsonApi> jsonApi() {
        return Optional.of(API);
    }

    @Override
    public Outcome classify(CallRequest request, Answer.Reply reply, Instant now) {
        int status = reply.status();
        Optional<Outcome> own403 = ownForbidden(reply);
        if (own403.isPresent()) {
            return own403.get();
        }
        if (status >= 200 && status < 300) {
            // The preamble has turned away a 2xx body that is not JSON; Trakt says nothing else in one.
            return new Outcome.Success(status);
        }
        Optional<JsonNode> json = JsonBody.parse(reply.body());
        String oauthError = oauthError(reply, json);
        if (oauthError.equals("invalid_grant")) {
            return auth("invalid_grant", status, "Trakt refused to refresh " + whose(request) + " token "
                    + "(invalid_grant): refresh refused, " + who(request) + " must re-authorize Aperture on Trakt.",
                    REAUTHORIZE);
        }
        if (oauthError.equals("invalid_client")) {
            return auth("invalid_client", status,
                    "Trakt rejected the client ID or client secret (invalid_client): invalid credentials.", RECONFIGURE);
        }
        return byStatus(request, reply, oauthError, now);
    }

    /**
     * Trakt's own 403 ("invalid API key or unapproved app") is served by its app behind Cloudflare with
     * {@code Content-Type: text/html}, an empty body and Cloudflare's {@code Server} and {@code CF-RAY} headers,
     * like every Trakt answer: neither the type nor the headers make it a block. Only Cloudflare's own block or
     * challenge page is one: its body ("Sorry, you have been blocked", "Attention Required! | Cloudflare",
     * error 1020's "used Cloudflare to restrict access", the cf-error-details block, "Cloudflare Ray ID") or its
     * {@code cf-mitigated: challenge} header.
     */
    private static Optional<Outcome> ownForbidden(Answer.Reply reply) {
        if (reply.status() != 403 || Cdn.isBlockPage(reply)) {
            return Optional.empty();
        }
        return Optional.of(auth("403", 403,
                "Trakt rejected the client ID (HTTP 403): invalid API key or unapproved app.", RECONFIGURE));
    }

    /** The user a per-user call was made for (its subject), named in the alert so the admin knows whom to ask. */
    private static String who(CallRequest request) {
        return request.subject().isBlank() ? "the user" : "user " + request.subject();
    }

    private static String whose(CallRequest request) {
        return request.subject().isBlank() ? "the user's" : request.subject() + "'s";
    }

    private static Outcome byStatus(CallRequest request, Answer.Reply reply, String oauthError, Instant now) {
        int status = reply.status();
        String code = String.valueOf(status);
        String path = request.uri().getRawPath() == null ? "" : request.uri().getRawPath();
        boolean userCall = request.headers().keySet().stream().anyMatch("authorization"::equalsIgnoreCase);
        return switch (status) {
            case 401 -> path.endsWith(TraktIntegration.TOKEN_PATH)
                    ? auth(oauthError.isEmpty() ? code : oauthError, status, "Trakt refused the token request (HTTP 401): "
                            + "check the client ID and secret; if they are right, the user must re-authorize.", RECONFIGURE)
                    : userCall
                    ? auth(oauthError.isEmpty() ? code : oauthError, status, "Trakt token of " + who(request)
                            + " expired or was revoked (HTTP 401) and was not refreshed: " + who(request)
                            + " must re-authorize Aperture on Trakt.", REAUTHORIZE)
                    : auth(code, status, "Trakt requires a user authorization for this call (HTTP 401, no user token): "
                            + "the user must authorize Aperture on Trakt.", REAUTHORIZE);
            case 403 -> auth(code, status,
                    "Trakt rejected the client ID (HTTP 403): invalid API key or unapproved app.", RECONFIGURE);
            case 404 -> path.endsWith(TraktIntegration.PROBE_PATH)
                    ? new Outcome.Failure(ErrorType.CONFIGURATION, code, status, "Trakt answered 404 for its genre list: "
                            + "the base URL does not point at the Trakt API.", BASE_URL_ACTION)
                    : new Outcome.NotFound("Trakt " + path);
            // 420 is an account cap (list/watchlist size), not pacing: waiting never lifts it.
            case 420 -> new Outcome.Failure(ErrorType.RATE_LIMIT, code, status, "Trakt account limit exceeded (HTTP 420"
                    + reply.header("x-account-limit").map(l -> ", limit " + l).orElse("")
                    + "): retrying does not help.", "Retrying does not help: upgrade the Trakt account to VIP or "
                    + "remove items (lists, watchlist, collection) to get under the account limit.");
            case 423 -> auth(code, status, "The Trakt account is locked or deactivated (HTTP 423).",
                    "Sign in at trakt.tv or contact Trakt support to unlock the account, then re-authorize Aperture.");
            case 426 -> new Outcome.Failure(ErrorType.CONFIGURATION, code, status,
                    "This Trakt feature is for VIP accounts only (HTTP 426).",
                    "Upgrade the Trakt account to VIP, or turn off the Aperture feature that needs it.");
            case 429 -> rateLimited(reply, now);
            default -> otherwise(status, path);
        };
    }

    private static Outcome otherwise(int status, String path) {
        String code = String.valueOf(status);
        if (status >= 520 && status <= 524) {
            return new Outcome.Failure(ErrorType.OUTAGE, "cloudflare_" + status, status,
                    "Cloudflare cannot reach Trakt (HTTP " + status + ").", Actions.OUTAGE);
        }
        if (status >= 500 || status == 408) {
            return new Outcome.Failure(ErrorType.OUTAGE, code, status, "Trakt is overloaded or unavailable (HTTP "
                    + status + "); Trakt asks clients to try again in 30 seconds.", Actions.OUTAGE);
        }
        if (status >= 400) {
            // 400/405/409/412/422: Trakt refused this request as malformed; resending it cannot help.
            return new Outcome.Failure(ErrorType.CONFIGURATION, code, status, "Trakt rejected the request to " + path
                    + " (HTTP " + status + ").", BASE_URL_ACTION + " If it is right, this is an Aperture bug worth reporting.");
        }
        return new Outcome.Failure(ErrorType.OUTAGE, code, status, "Trakt answered an unexpected HTTP " + status + ".",
                Actions.OUTAGE);
    }

    /** Retry-After first, then the {@code until} of Trakt's X-Ratelimit JSON header, else Trakt's 5-minute window. */
    private static Outcome.Failure rateLimited(Answer.Reply reply, Instant now) {
        Optional<JsonNode> limit = reply.header("x-ratelimit").flatMap(JsonBody::parse);
        String name = limit.flatMap(n -> JsonBody.text(n, "name")).map(n -> " (" + n + ")").orElse("");
        Instant reset = RetryAfter.parse(reply.header("retry-after").orElse(null), now)
                .or(() -> limit.flatMap(n -> JsonBody.text(n, "until")).flatMap(u -> until(u, now)))
                .orElse(now.plus(DEFAULT_WAIT));
        return new Outcome.Failure(ErrorType.RATE_LIMIT, "429", 429,
                "Trakt rate limit exceeded" + name + ": too many requests.", WAIT).withResetAt(reset);
    }

    private static Optional<Instant> until(String iso, Instant now) {
        try {
            Instant at = Instant.parse(iso.trim());
            if (at.isAfter(now.plus(RetryAfter.MAX_WAIT))) {
                return Optional.empty();
            }
            return Optional.of(at.isBefore(now) ? now : at);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The OAuth error from the JSON body, else from WWW-Authenticate (older Trakt answers). */
    private static String oauthError(Answer.Reply reply, Optional<JsonNode> json) {
        Optional<String> fromBody = json.flatMap(n -> JsonBody.text(n, "error"));
        if (fromBody.isPresent()) {
            // Only an OAuth error code ("invalid_grant") is a code; free text is not used as one.
            String code = fromBody.get().strip().toLowerCase(Locale.ROOT);
            return code.matches("[a-z_]{1,40}") ? code : "";
        }
        Matcher m = WWW_AUTH_ERROR.matcher(reply.header("www-authenticate").orElse(""));
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "";
    }

    private static Outcome.Failure auth(String code, int status, String message, String action) {
        return new Outcome.Failure(ErrorType.AUTHENTICATION, code, status, message, action);
    }
}
