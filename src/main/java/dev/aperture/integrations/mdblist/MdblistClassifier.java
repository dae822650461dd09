package dev.aperture.integrations.mdblist;

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
import dev.aperture.calls.Sanitizer;
import dev.aperture.calls.ServiceId;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * MDBList's dialect: {@code {"error":"…"}} bodies, a daily quota announced in X-RateLimit-* headers on
 * every response, and lists that vanish when their owner deletes them or makes them private
 * (both answer 404).
 */
final class MdblistClassifier implements Classifier {

    private static final ServiceId MDBLIST = ServiceId.MDBLIST;
    private static final int MAX_TEXT = 200;
    static final String AUTH_ACTION = Actions.authentication("MDBList", "MDBList API key")
            + " Your key is shown at https://mdblist.com/preferences/.";
    static final String LIST_ACTION = "Select a different list in Aperture (Settings → Integrations → MDBList): "
            + "this one was deleted or made private by its owner.";
    static final String BASE_URL_ACTION =
            "Check the MDBList base URL in Aperture (leave it empty for " + MdblistIntegration.DEFAULT_BASE_URL + ").";

    private static final JsonApi API = JsonApi.publicApi("MDBList", BASE_URL_ACTION);

    @Override
    public Optional<JsonApi> jsonApi() {
        return Optional.of(API);
    }

    @Override
    public Outcome classify(CallRequest request, Answer.Reply reply, Instant now) {
        int status = reply.status();
        boolean html = Cdn.isHtml(reply);
        if (html && status == 404) {
            // The API never answers HTML itself: the base URL points at the website or a proxy.
            return new Outcome.Failure(ErrorType.CONFIGURATION, "404", status,
                    "MDBList answered an HTML page instead of JSON: the base URL points at a website, not the API.",
                    BASE_URL_ACTION);
        }
        Optional<JsonNode> json = html ? Optional.empty() : JsonBody.parse(reply.body());
        String error = json.flatMap(n -> JsonBody.text(n, "error").or(() -> JsonBody.text(n, "detail")))
                .map(e -> Sanitizer.scrub(e.strip(), request.secrets()))
                .map(e -> e.length() > MAX_TEXT ? e.substring(0, MAX_TEXT) : e)
                .orElse("");
        String said = error.isEmpty() ? "" : " (\"" + error + "\")";
        String lower = error.toLowerCase(Locale.ROOT);
        Optional<Outcome> refused = refusedIn2xx(request, reply, json, error, now);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (status >= 200 && status < 300) {
            // {"error":"empty"} is a list not yet populated, and X-RateLimit-Remaining: 0 only warns: both succeeded.
            if (lower.contains("api key") || lower.contains("apikey")) {
                return auth(status, said);
            }
            if (lower.contains("limit exceeded")) {
                return rateLimited(reply, said, now);
            }
            return new Outcome.Success(status);
        }
        return switch (status) {
            case 401, 403 -> auth(status, said);
            case 404 -> missing(request, said);
            case 429 -> rateLimited(reply, said, now);
            default -> otherwise(status, said);
        };
    }

    /**
     * MDBList's lookup endpoints answer HTTP 200 with {@code {"response": false, "error": "…"}} when they refuse,
     * e.g. "API Limit Reached!" once the daily quota is spent: an error inside a 2xx body, never a success. A
     * refusal to the probe naming a missing record still means the key was accepted.
     */
    private static Optional<Outcome> refusedIn2xx(CallRequest request, Answer.Reply reply, Optional<JsonNode> json,
                                                  String error, Instant now) {
        int status = reply.status();
        boolean refused = json.map(n -> n.isObject() && n.path("response").isBoolean()
                && !n.path("response").asBoolean()).orElse(false);
        if (status < 200 || status >= 300 || !refused) {
            return Optional.empty();
        }
        String said = error.isEmpty() ? "" : " (\"" + error + "\")";
        String lower = error.toLowerCase(Locale.ROOT);
        if (lower.contains("limit")) {
            return Optional.of(rateLimited(reply, said, now));
        }
        if (lower.contains("api key") || lower.contains("apikey")) {
            return Optional.of(auth(status, said));
        }
        String path = request.uri().getRawPath() == null ? "" : request.uri().getRawPath();
        if (lower.contains("not found")) {
            return Optional.of(path.endsWith(MdblistIntegration.PROBE_PATH) ? new Outcome.Success(status)
                    : new Outcome.NotFound("MDBList " + path + said));
        }
        return Optional.of(new Outcome.Failure(ErrorType.OUTAGE, "refused", status,
                "MDBList could not answer (HTTP " + status + " with \"response\": false" + said + ").", Actions.OUTAGE));
    }

    private static Outcome.Failure auth(int status, String said) {
        return new Outcome.Failure(ErrorType.AUTHENTICATION, String.valueOf(status), status,
                "MDBList rejected the API key (HTTP " + status + said + "): invalid API key.", AUTH_ACTION);
    }

    /** A list that is gone is that list's configuration problem; the probe endpoint missing means a wrong base URL. */
    private static Outcome missing(CallRequest request, String said) {
        String path = request.uri().getRawPath() == null ? "" : request.uri().getRawPath();
        int at = path.indexOf("/lists/");
        if (at >= 0) {
            String list = request.subject().isEmpty() ? listId(path.substring(at + "/lists/".length())) : request.subject();
            return new Outcome.Failure(ErrorType.CONFIGURATION, "404", 404,
                    "List not found: deleted or private (MDBList list " + list + said + ").", LIST_ACTION)
                    .withSubject(list);
        }
        if (path.endsWith(MdblistIntegration.PROBE_PATH)) {
            return new Outcome.Failure(ErrorType.CONFIGURATION, "404", 404, "MDBList answered 404 for its own user "
                    + "endpoint: the base URL does not point at the MDBList API.", BASE_URL_ACTION);
        }
        return new Outcome.NotFound("MDBList " + path + said);
    }

    /** "12345/items" → "12345"; "owner/list-slug/items" → "owner/list-slug". */
    private static String listId(String rest) {
        String id = rest.endsWith("/items") ? rest.substring(0, rest.length() - "/items".length()) : rest;
        while (id.endsWith("/")) {
            id = id.substring(0, id.length() - 1);
        }
        return id;
    }

    /** Retry-After (seconds to the reset), else X-RateLimit-Reset (Unix time), else the daily reset at midnight UTC. */
    private static Outcome.Failure rateLimited(Answer.Reply reply, String said, Instant now) {
        Instant reset = RetryAfter.parse(reply.header("retry-after").orElse(null), now)
                .or(() -> RetryAfter.parseReset(reply.header("x-ratelimit-reset").orElse(null), now))
                .orElse(RetryAfter.nextMidnightUtc(now));
        String limit = reply.header("x-ratelimit-limit").map(l -> " of " + l + " requests").orElse("");
        return new Outcome.Failure(ErrorType.RATE_LIMIT, String.valueOf(reply.status()), reply.status(),
                "MDBList daily API limit" + limit + " exceeded" + said + ".", Actions.rateLimit("MDBList"))
                .withResetAt(reset);
    }

    private static Outcome otherwise(int status, String said) {
        String code = String.valueOf(status);
        if (status >= 500 || status == 408) {
            return new Outcome.Failure(ErrorType.OUTAGE, code, status,
                    "MDBList is unavailable (HTTP " + status + said + ").", Actions.OUTAGE);
        }
        if (status >= 400) {
            return new Outcome.Failure(ErrorType.CONFIGURATION, code, status,
                    "MDBList rejected the request (HTTP " + status + said + ").",
                    BASE_URL_ACTION + " If it is right, this is an Aperture bug worth reporting.");
        }
        return new Outcome.Failure(ErrorType.OUTAGE, code, status, "MDBList answered an unexpected HTTP " + status + ".",
                Actions.OUTAGE);
    }
}
