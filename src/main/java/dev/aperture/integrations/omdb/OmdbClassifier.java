package dev.aperture.integrations.omdb;

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
 * OMDb's dialect. It answers {@code {"Response":"False","Error":"…"}} with HTTP 200 for misses and
 * HTTP 401 for a bad key and for an exhausted daily quota alike: only the Error text tells them apart,
 * so the text is read before the status. Cloudflare sits in front.
 */
final class OmdbClassifier implements Classifier {

    private static final ServiceId OMDB = ServiceId.OMDB;
    private static final int MAX_TEXT = 200;
    static final String ACTIVATE_ACTION = "Verify email: a new OMDb key stays invalid until it is activated from the "
            + "link in the e-mail OMDb sent. Otherwise check the key (or get a new one at "
            + "https://www.omdbapi.com/apikey.aspx), update it in Aperture (Settings → Integrations → OMDb) "
            + "and click Test Connection.";
    static final String MIDNIGHT_ACTION = "Wait until midnight UTC, when the OMDb daily quota resets (free keys allow "
            + "1,000 requests a day); space out jobs, or upgrade to an OMDb patron tier if it keeps happening.";

    private static final JsonApi API = JsonApi.publicApi("OMDb",
            "Check the OMDb base URL in Aperture (leave it empty for " + OmdbIntegration.DEFAULT_BASE_URL + ").");

    @Override
    public Optional<JsonApi> jsonApi() {
        return Optional.of(API);
    }

    @Override
    public Outcome classify(CallRequest request, Answer.Reply reply, Instant now) {
        int status = reply.status();
        if (Cdn.isHtml(reply)) {
            // Only a non-2xx page gets here: the preamble has turned away a 2xx one as a wrong base URL.
            Optional<Outcome.Failure> page = byStatus(status, "an HTML page", reply, now);
            if (page.isPresent()) {
                return page.get();
            }
        }
        Optional<JsonNode> json = JsonBody.parse(reply.body());
        Optional<String> error = json.flatMap(n -> JsonBody.text(n, "Error"))
                .filter(e -> !e.isBlank())
                .map(e -> Sanitizer.scrub(e.strip(), request.secrets()))
                .map(e -> e.length() > MAX_TEXT ? e.substring(0, MAX_TEXT) : e);
        boolean refused = json.flatMap(n -> JsonBody.text(n, "Response")).map("false"::equalsIgnoreCase).orElse(false);
        if (error.isPresent() && (refused || status >= 400)) {
            return byError(error.get(), status, request, reply, now);
        }
        Optional<Outcome> byStatus = byStatus(status, "HTTP " + status, reply, now).map(Outcome.class::cast);
        if (byStatus.isPresent()) {
            return byStatus.get();
        }
        return new Outcome.Success(status);
    }

    private static Outcome byError(String error, int status, CallRequest request, Answer.Reply reply, Instant now) {
        String text = error.toLowerCase(Locale.ROOT);
        if (text.contains("limit reached")) {
            // OMDb does not document when the daily quota resets; midnight UTC is assumed, and re-probed after.
            return new Outcome.Failure(ErrorType.RATE_LIMIT, error, status,
                    "OMDb daily request limit reached (\"" + error + "\").", MIDNIGHT_ACTION)
                    .withResetAt(RetryAfter.nextMidnightUtc(now));
        }
        if (text.contains("no api key")) {
            return new Outcome.Failure(ErrorType.AUTHENTICATION, error, status,
                    "OMDb received no API key (\"" + error + "\").",
                    "Enter your OMDb API key in Aperture (Settings → Integrations → OMDb) and click Test Connection.");
        }
        if (text.contains("api key")) {
            return new Outcome.Failure(ErrorType.AUTHENTICATION, error, status,
                    "OMDb rejected the API key (\"" + error + "\"): the key is wrong or not activated yet.",
                    ACTIVATE_ACTION);
        }
        if (text.contains("not found") || text.contains("incorrect imdb id") || text.contains("too many results")) {
            String query = Optional.ofNullable(request.uri().getRawQuery()).orElse("")
                    .replaceAll("(?i)(^|&)apikey=[^&]*", "").replaceFirst("^&", "");
            if (isProbe(query)) {
                return new Outcome.Success(status);
            }
            return new Outcome.NotFound("OMDb " + error + (query.isEmpty() ? "" : " (" + query + ")"));
        }
        Optional<Outcome.Failure> byStatus = byStatus(status, "\"" + error + "\"", reply, now);
        if (byStatus.isPresent()) {
            Outcome.Failure f = byStatus.get();
            return new Outcome.Failure(f.type(), error, status, f.message(), f.action(), f.resetAt(), f.subject());
        }
        // "Something went wrong." / "Error getting data." arrive with HTTP 200 when OMDb's backend hiccups.
        return new Outcome.Failure(ErrorType.OUTAGE, error, status, "OMDb could not answer: \"" + error + "\".",
                Actions.OUTAGE);
    }

    /**
     * OMDb checks the key before it looks the title up, so a per-item miss answered to the probe's lookup
     * means the key was accepted: the Test Connection passes rather than raising a configuration alert.
     */
    private static boolean isProbe(String queryWithoutKey) {
        return queryWithoutKey.equals("i=" + OmdbIntegration.PROBE_IMDB_ID);
    }

    /** The HTTP status alone, for bodies that say nothing OMDb-specific; empty for 2xx. */
    private static Optional<Outcome.Failure> byStatus(int status, String said, Answer.Reply reply, Instant now) {
        String code = String.valueOf(status);
        if (status == 401 || status == 403) {
            return Optional.of(new Outcome.Failure(ErrorType.AUTHENTICATION, code, status,
                    "OMDb refused the request (HTTP " + status + ", " + said + ").", ACTIVATE_ACTION));
        }
        if (status == 429) {
            Outcome.Failure f = new Outcome.Failure(ErrorType.RATE_LIMIT, code, status,
                    "OMDb is rate limiting Aperture (HTTP 429, " + said + ").", Actions.rateLimit("OMDb"));
            return Optional.of(RetryAfter.parse(reply.header("retry-after").orElse(null), now)
                    .map(f::withResetAt).orElse(f));
        }
        if (status >= 500 || status == 408) {
            return Optional.of(new Outcome.Failure(ErrorType.OUTAGE, code, status,
                    "OMDb is unavailable (HTTP " + status + ", " + said + ").", Actions.OUTAGE));
        }
        if (status >= 400) {
            return Optional.of(new Outcome.Failure(ErrorType.CONFIGURATION, code, status,
                    "OMDb rejected the request (HTTP " + status + ", " + said + ").",
                    "Check the OMDb base URL in Aperture (leave it empty for " + OmdbIntegration.DEFAULT_BASE_URL + ")."));
        }
        if (status < 200 || status >= 300) {
            return Optional.of(new Outcome.Failure(ErrorType.OUTAGE, code, status,
                    "OMDb answered an unexpected HTTP " + status + ".", Actions.OUTAGE));
        }
        return Optional.empty();
    }
}
