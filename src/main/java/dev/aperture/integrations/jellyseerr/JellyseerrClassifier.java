package dev.aperture.integrations.jellyseerr;

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
import java.util.regex.Pattern;

/**
 * Jellyseerr's answers. Status, content type and body are read together: the server is self-hosted,
 * so an HTML page usually means something else answered (a login proxy, the web UI, another app),
 * and a 404 means a wrong base URL unless Jellyseerr itself says which record is missing.
 */
final class JellyseerrClassifier implements Classifier {

    private static final ServiceId SERVICE = ServiceId.JELLYSEERR;
    private static final String NAME = "Jellyseerr";
    private static final String KEY_ACTION = Actions.authentication(NAME,
            "Jellyseerr API key (copy it from Jellyseerr → Settings → General → API Key)");
    private static final String URL_ACTION = "Set the Jellyseerr URL to the server address, e.g. http://host:5055, "
            + "without a trailing slash or extra path (Aperture adds /api/v1 itself), then click Test Connection.";
    private static final String SERVER_ACTION = "Check that the Jellyseerr server (and any reverse proxy in front of it) "
            + "is running and look at its logs; Aperture retries automatically and clears this alert on recovery.";
    private static final JsonApi API = JsonApi.typedAddress("Jellyseerr", "Jellyseerr's API", "login_page",
            URL_ACTION + " If Jellyseerr sits behind an authenticating proxy, let Aperture reach it directly.",
            URL_ACTION, SERVER_ACTION);
    private static final String USER_ACTION =
            "Check user configuration (the Jellyseerr user mapped to this Aperture user)";
    // Overseerr's error handler answers {"message":"Request not found."} and the like for a missing record;
    // its OpenAPI validator answers a bare "not found" for a route that does not exist.
    private static final Pattern RECORD_MISSING = Pattern.compile("^[A-Za-z][A-Za-z ]* not found\\.?$");

    @Override
    public Optional<JsonApi> jsonApi() {
        return Optional.of(API);
    }

    @Override
    public Outcome classify(CallRequest request, Answer.Reply reply, Instant now) {
        int status = reply.status();
        boolean html = Cdn.isHtml(reply);
        Optional<JsonNode> json = html ? Optional.empty() : JsonBody.parse(reply.body());
        String message = json.flatMap(j -> JsonBody.text(j, "message").or(() -> JsonBody.text(j, "error"))).orElse("");
        if (status >= 200 && status < 300) {
            // The preamble has turned away a 2xx body that is not JSON; Jellyseerr says nothing else in one.
            return new Outcome.Success(status);
        }
        if (status == 429) {
            Outcome.Failure f = failure(ErrorType.RATE_LIMIT, "429", status,
                    "Jellyseerr (or a proxy in front of it) is rate limiting Aperture (HTTP 429).",
                    "Wait for the reset and space out Jellyseerr jobs; check any rate limit set in a reverse proxy "
                            + "in front of Jellyseerr.");
            return RetryAfter.parse(reply.header("retry-after").orElse(null), now).map(f::withResetAt).orElse(f);
        }
        if (status >= 500) {
            String what = html || reply.body().isBlank()
                    ? " (an error page without details, typically a reverse proxy that cannot reach Jellyseerr)"
                    : "";
            return failure(ErrorType.OUTAGE, String.valueOf(status), status,
                    "The Jellyseerr server answered HTTP " + status + what + ".", SERVER_ACTION);
        }
        if (status == 401 || status == 403) {
            return denied(reply, html);
        }
        if (status == 404) {
            return notFound(request, html, json.isPresent(), message);
        }
        if (status == 408) {
            return failure(ErrorType.OUTAGE, "408", status, "Jellyseerr timed out answering the request (HTTP 408).",
                    SERVER_ACTION);
        }
        return failure(ErrorType.CONFIGURATION, String.valueOf(status), status,
                "Jellyseerr rejected the request (HTTP " + status + detail(request, message) + ").",
                "Check the Jellyseerr URL, and that the Jellyseerr version is recent enough for Aperture.");
    }

    private Outcome denied(Answer.Reply reply, boolean html) {
        int status = reply.status();
        if (html) {
            // Jellyseerr answers 401/403 in JSON; an HTML page comes from a proxy that wants its own login.
            return failure(ErrorType.CONFIGURATION, "proxy_auth", status,
                    "A proxy in front of Jellyseerr refused the request with its own HTTP " + status + " page.",
                    "Let Aperture reach Jellyseerr without the proxy's login (or use the direct URL), then click "
                            + "Test Connection.");
        }
        if (status == 401) {
            // No key, or a key Jellyseerr did not accept as one: it falls back to asking for a session cookie.
            return failure(ErrorType.AUTHENTICATION, "missing_api_key", status,
                    "Jellyseerr did not accept the API key: it is missing or not accepted (Jellyseerr asked for a "
                            + "login session cookie instead).", KEY_ACTION);
        }
        return failure(ErrorType.AUTHENTICATION, "invalid_api_key", status,
                "Unauthorized: Jellyseerr rejected the API key (HTTP 403, no permission).", KEY_ACTION);
    }

    private Outcome notFound(CallRequest request, boolean html, boolean json, String message) {
        if (json && message.strip().toLowerCase(Locale.ROOT).startsWith("user not found")) {
            String who = request.subject().isEmpty() ? "" : " (" + request.subject() + ")";
            return failure(ErrorType.CONFIGURATION, "user_not_found", 404,
                    "User not found: user mapping issue" + who + ".", USER_ACTION);
        }
        boolean probe = request.uri().getPath().endsWith("/auth/me");
        if (json && !probe && RECORD_MISSING.matcher(message.strip()).matches()
                && !message.strip().equalsIgnoreCase("not found")) {
            return new Outcome.NotFound(message.strip());
        }
        String what = html ? "an HTML page" : json ? "a JSON \"not found\"" : "a plain 404";
        return failure(ErrorType.CONFIGURATION, "wrong_base_url", 404,
                "Jellyseerr's API was not found at this URL (" + what + " for " + Sanitizer.url(request.uri(),
                        request.secrets()) + "): wrong base URL, a trailing slash (making //api/v1) or a wrong "
                        + "/api/v1 path.", URL_ACTION);
    }

    private static String detail(CallRequest request, String message) {
        return message.isBlank() ? "" : ": " + clip(Sanitizer.scrub(message, request.secrets()));
    }

    private static String clip(String text) {
        String t = text.strip();
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }

    private static Outcome.Failure failure(ErrorType type, String code, int status, String message, String action) {
        return new Outcome.Failure(type, code, status, message, action);
    }
}
