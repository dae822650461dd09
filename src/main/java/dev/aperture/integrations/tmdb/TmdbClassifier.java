package dev.aperture.integrations.tmdb;

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
import java.util.Optional;
import java.util.Set;

/**
 * TMDb's dialect: errors are {@code {"status_code":N,"status_message":"…","success":false}}, and the
 * status_code is more precise than the HTTP status (one 401 is 7, an invalid key, or 10, a suspended one).
 * CloudFront sits in front, so
 * HTML pages are checked before any body is read.
 */
final class TmdbClassifier implements Classifier {

    private static final ServiceId TMDB = ServiceId.TMDB;
    private static final Set<Integer> AUTH = Set.of(3, 7, 10, 14, 16, 17, 30, 31, 32, 33, 35, 36, 38, 39, 45);
    private static final Set<Integer> MISSING = Set.of(6, 34, 37);
    private static final Set<Integer> DOWN = Set.of(2, 9, 11, 15, 24, 43, 44, 46);
    private static final int RATE_LIMITED = 25;
    private static final int MAX_MESSAGE = 300;
    private static final String AUTH_ACTION = Actions.authentication("TMDb", "TMDb API key (or read access token)")
            + " Keys are managed at https://www.themoviedb.org/settings/api.";
    private static final String BASE_URL_ACTION =
            "Check the TMDb base URL in Aperture (leave it empty for " + TmdbIntegration.DEFAULT_BASE_URL + ").";
    private static final JsonApi API = JsonApi.publicApi("TMDb", BASE_URL_ACTION);

    @Override
    public Optional<JsonApi> jsonApi() {
        return Optional.of(API);
    }

    @Override
    public Outcome classify(CallRequest request, Answer.Reply reply, Instant now) {
        Said said = Said.of(reply, request);
        int status = reply.status();
        if (status >= 200 && status < 300) {
            return success(request, reply, said, now);
        }
        if (said.code().isPresent()) {
            Optional<Outcome> byCode = byCode(said.code().get(), request, reply, said, now);
            if (byCode.isPresent()) {
                return byCode.get();
            }
        }
        return byStatus(request, reply, said, now);
    }

    /** What TMDb said in its JSON error body, if anything; the message is scrubbed and bounded. */
    private record Said(boolean html, Optional<Integer> code, String message, boolean failed) {
        static Said of(Answer.Reply reply, CallRequest request) {
            boolean html = Cdn.isHtml(reply);
            Optional<JsonNode> node = html ? Optional.empty() : JsonBody.parse(reply.body());
            Optional<Integer> code = node.flatMap(n -> JsonBody.integer(n, "status_code"));
            String message = node.flatMap(n -> JsonBody.text(n, "status_message"))
                    .map(m -> Sanitizer.scrub(m.strip(), request.secrets()))
                    .map(m -> m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "…" : m)
                    .orElse("");
            boolean failed = node.flatMap(n -> JsonBody.text(n, "success")).map("false"::equals).orElse(false);
            return new Said(html, code, message, failed);
        }

        String codeOr(int status) {
            return code.map(String::valueOf).orElse(String.valueOf(status));
        }

        String detail(int status) {
            return message.isEmpty() ? "HTTP " + status : message;
        }
    }

    /** The preamble has already turned away a 2xx body that is not JSON; TMDb may still say it failed. */
    private Outcome success(CallRequest request, Answer.Reply reply, Said said, Instant now) {
        if (said.failed() && said.code().isPresent()) {
            Optional<Outcome> byCode = byCode(said.code().get(), request, reply, said, now);
            if (byCode.isPresent()) {
                return byCode.get();
            }
        }
        return new Outcome.Success(reply.status());
    }

    private Optional<Outcome> byCode(int code, CallRequest request, Answer.Reply reply, Said said, Instant now) {
        int status = reply.status();
        String text = said.detail(status);
        if (AUTH.contains(code)) {
            return Optional.of(new Outcome.Failure(ErrorType.AUTHENTICATION, String.valueOf(code), status,
                    "TMDb rejected the credentials: " + text, AUTH_ACTION));
        }
        if (MISSING.contains(code)) {
            return Optional.of(missing(request, reply, said));
        }
        if (code == RATE_LIMITED) {
            return Optional.of(rateLimited(String.valueOf(code), reply, text, now));
        }
        if (DOWN.contains(code)) {
            return Optional.of(outage(String.valueOf(code), status, text));
        }
        return Optional.empty();
    }

    private Outcome byStatus(CallRequest request, Answer.Reply reply, Said said, Instant now) {
        int status = reply.status();
        String code = said.codeOr(status);
        String text = said.detail(status);
        if (status == 401 || status == 403) {
            return new Outcome.Failure(ErrorType.AUTHENTICATION, code, status,
                    "TMDb rejected the credentials: " + text, AUTH_ACTION);
        }
        if (status == 404) {
            return missing(request, reply, said);
        }
        if (status == 429) {
            return rateLimited(code, reply, text, now);
        }
        if (status >= 500 || status == 408) {
            return outage(code, status, text);
        }
        if (status >= 400) {
            // A 4xx TMDb has no documented meaning for (400 invalid parameters, 422 …): the request or the
            // base URL is wrong, and retrying the same request cannot fix it.
            return new Outcome.Failure(ErrorType.CONFIGURATION, code, status,
                    "TMDb rejected the request: " + text + ".", BASE_URL_ACTION
                    + " If the URL is right, this is an Aperture bug worth reporting.");
        }
        return outage(code, status, "unexpected HTTP " + status);
    }

    /**
     * 6/34/37 and 404 are a normal miss for an item, but the probe endpoints always exist: a miss there
     * (or any HTML 404, which the JSON API never sends) means the base URL is wrong.
     */
    private Outcome missing(CallRequest request, Answer.Reply reply, Said said) {
        String path = request.uri().getRawPath() == null ? "" : request.uri().getRawPath();
        if (said.html() || path.endsWith("/authentication") || path.endsWith("/configuration")) {
            return new Outcome.Failure(ErrorType.CONFIGURATION, said.codeOr(reply.status()), reply.status(),
                    "TMDb answered \"not found\" for its own test endpoint (" + path
                            + "): the base URL does not point at the TMDb API.", BASE_URL_ACTION);
        }
        return new Outcome.NotFound("TMDb " + path + ": " + said.detail(reply.status()));
    }

    private static Outcome.Failure rateLimited(String code, Answer.Reply reply, String text, Instant now) {
        Outcome.Failure failure = new Outcome.Failure(ErrorType.RATE_LIMIT, code, reply.status(),
                // TMDb's own text names the limit that applies (its CDN allows about 40 requests per second per IP,
                // a proxy in front of it may allow fewer): quoting a fixed figure next to it would contradict it.
                "TMDb is rate limiting Aperture: " + text, Actions.rateLimit("TMDb"));
        return RetryAfter.parse(reply.header("retry-after").orElse(null), now).map(failure::withResetAt).orElse(failure);
    }

    private static Outcome.Failure outage(String code, int status, String text) {
        return new Outcome.Failure(ErrorType.OUTAGE, code, status, "TMDb is unavailable: " + text, Actions.OUTAGE);
    }
}
