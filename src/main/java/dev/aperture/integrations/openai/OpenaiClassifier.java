package dev.aperture.integrations.openai;

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
import dev.aperture.calls.Sanitizer;
import dev.aperture.calls.ServiceId;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * OpenAI's answers, and those of compatible servers. The CDN is checked first (OpenAI sits behind
 * Cloudflare), then {@code {"error":{"message","type","param","code"}}}. A 429 means either pacing or
 * billing and only {@code error.code} tells them apart; the message is never copied as is, because
 * OpenAI echoes a fragment of the key in it ("Incorrect API key provided: sk-proj-***SJh4").
 */
final class OpenaiClassifier implements Classifier {

    private static final ServiceId SERVICE = ServiceId.OPENAI;
    private static final String BILLING_URL = "https://platform.openai.com/settings/organization/billing";
    private static final String KEY_ACTION = Actions.authentication("OpenAI",
            "OpenAI API key (create one at https://platform.openai.com/api-keys)");
    private static final String URL_ACTION = "Check the OpenAI base URL: https://api.openai.com/v1 for OpenAI, or "
            + "the compatible server's API root including its version path (often /v1), then click Test Connection.";
    // The base URL may be any OpenAI-compatible server the admin runs: a page that is not the API is a wrong address.
    private static final JsonApi API = JsonApi.typedAddress("OpenAI", "an OpenAI API", "not_api", URL_ACTION,
            URL_ACTION, Actions.OUTAGE);
    private static final String MODEL_ACTION = "Choose an embedding model this key can use (for OpenAI e.g. "
            + OpenaiIntegration.DEFAULT_MODEL + ") in Settings → Integrations → OpenAI, then click Test Connection.";
    private static final Set<String> BILLING = Set.of("insufficient_quota", "credit_balance_exhausted",
            "billing_hard_limit_reached", "billing_not_active");
    private static final Pattern BILLING_LIMIT = Pattern.compile("[a-z0-9_]*_(spend|usage)_limit_exceeded");

    /** The parts of an OpenAI error body; every field may be absent, compatible servers send less. */
    private record ApiError(String code, String type, String message) {
        boolean is(String value) {
            return value.equals(code) || value.equals(type);
        }
    }

    @Override
    public Optional<JsonApi> jsonApi() {
        return Optional.of(API);
    }

    @Override
    public Outcome classify(CallRequest request, Answer.Reply reply, Instant now) {
        int status = reply.status();
        if (Cdn.isHtml(reply)) {
            return failure(ErrorType.CONFIGURATION, String.valueOf(status), status,
                    "A web page answered instead of the OpenAI API (HTML with HTTP " + status + "): wrong base URL, "
                            + "or a proxy or login page in the way.", URL_ACTION);
        }
        Optional<JsonNode> json = JsonBody.parse(reply.body());
        Optional<Outcome> inside = errorIn2xx(status, json, request);
        if (inside.isPresent()) {
            return inside.get();
        }
        if (status >= 200 && status < 300) {
            // The preamble has turned away a 2xx body that is not JSON; an error inside one was read above.
            return new Outcome.Success(status);
        }
        ApiError error = error(json, request);
        String code = !error.code().isEmpty() ? error.code() : !error.type().isEmpty() ? error.type()
                : String.valueOf(status);
        if (status >= 400 && status < 500 && isBilling(error)) {
            return failure(ErrorType.RATE_LIMIT, code, status, "OpenAI refused the request because the account's "
                    + "credits, quota or spend limit are used up (" + code + "). Waiting for a reset will not fix this.",
                    "Waiting will not fix this: add credits or raise the usage limit at " + BILLING_URL
                            + ", then click Test Connection.");
        }
        return switch (status) {
            case 401 -> failure(ErrorType.AUTHENTICATION, code, status, error.message().startsWith("You didn't provide")
                    ? "OpenAI received no API key." : "OpenAI rejected the API key (invalid, revoked, or not valid "
                    + "for this organization or project).", KEY_ACTION);
            case 403 -> forbidden(error, code);
            case 404 -> notFound(error, code);
            case 429 -> pacing(reply, code, now);
            case 408, 409 -> failure(ErrorType.OUTAGE, code, status,
                    "OpenAI could not complete the request (HTTP " + status + "); it will be retried.", Actions.OUTAGE);
            default -> status >= 500 ? serverError(error, code, status) : failure(ErrorType.CONFIGURATION, code, status,
                    "OpenAI rejected the request (HTTP " + status + said(error) + ").", MODEL_ACTION);
        };
    }

    /**
     * OpenAI-compatible gateways such as OpenRouter answer HTTP 200 with {@code {"error":{"code":N,"message":…}}}
     * once the model has started and then failed, N being the status the error stands for (402 credits used up,
     * 429 rate limited, 502 model down): an error inside a 2xx body is a failure, never a success. A body that
     * also carries data (a list's "data", a completion's "choices") is an answer.
     */
    private Optional<Outcome> errorIn2xx(int status, Optional<JsonNode> json, CallRequest request) {
        JsonNode root = json.filter(JsonNode::isObject).orElse(null);
        if (status < 200 || status >= 300 || root == null || !root.path("error").isObject()
                || root.has("data") || root.has("choices")) {
            return Optional.empty();
        }
        ApiError error = error(json, request);
        int meant = root.path("error").path("code").canConvertToInt() ? root.path("error").path("code").asInt() : 0;
        String code = !error.code().isEmpty() ? error.code() : !error.type().isEmpty() ? error.type()
                : String.valueOf(status);
        if (meant == 402 || isBilling(error)) {
            return Optional.of(failure(ErrorType.RATE_LIMIT, code, status, "The OpenAI-compatible endpoint refused the "
                    + "request because the account's credits are used up" + said(error) + ". Waiting will not fix this.",
                    "Add credits or raise the usage limit with the provider, then click Test Connection."));
        }
        if (meant == 401 || meant == 403) {
            return Optional.of(failure(ErrorType.AUTHENTICATION, code, status,
                    "The OpenAI-compatible endpoint rejected the API key inside a successful answer" + said(error) + ".",
                    KEY_ACTION));
        }
        if (meant == 429) {
            return Optional.of(failure(ErrorType.RATE_LIMIT, code, status,
                    "The OpenAI-compatible endpoint is rate limiting this key" + said(error) + ".",
                    Actions.rateLimit("OpenAI")));
        }
        return Optional.of(failure(ErrorType.OUTAGE, code, status, "The OpenAI-compatible endpoint answered HTTP "
                + status + " with an error instead of a result" + said(error) + ".", Actions.OUTAGE));
    }

    private Outcome forbidden(ApiError error, String code) {
        if (error.is("unsupported_country_region_territory")) {
            return failure(ErrorType.CONFIGURATION, code, 403, "OpenAI does not serve requests from the country or "
                    + "region this server is in.", "Route Aperture's OpenAI traffic through a supported region, or set "
                    + "the base URL of an OpenAI-compatible endpoint you can reach.");
        }
        if (error.is("model_not_found")) {
            return failure(ErrorType.CONFIGURATION, code, 403,
                    "The configured model is not available to this OpenAI key" + said(error) + ".", MODEL_ACTION);
        }
        // Restricted keys answer 403 for scopes they lack; the fix is a key with the right permissions.
        return failure(ErrorType.AUTHENTICATION, code, 403,
                "OpenAI refused the API key for this request (the key lacks a permission)" + said(error) + ".",
                KEY_ACTION);
    }

    private Outcome notFound(ApiError error, String code) {
        String message = error.message().toLowerCase(Locale.ROOT);
        if (error.is("model_not_found") || (message.contains("model") && message.contains("not"))) {
            return failure(ErrorType.CONFIGURATION, code, 404,
                    "The configured model is not available at this OpenAI endpoint" + said(error) + ".", MODEL_ACTION);
        }
        return failure(ErrorType.CONFIGURATION, code, 404, "The OpenAI API was not found at this base URL"
                + said(error) + ": wrong base URL or missing version path such as /v1.", URL_ACTION);
    }

    private Outcome pacing(Answer.Reply reply, String code, Instant now) {
        Outcome.Failure f = failure(ErrorType.RATE_LIMIT, code, 429,
                "OpenAI is rate limiting this key (too many requests or tokens per minute).",
                Actions.rateLimit("OpenAI"));
        return ServerDelay.resetAt(reply, now).map(f::withResetAt).orElse(f);
    }

    private Outcome serverError(ApiError error, String code, int status) {
        if (status == 503 && error.is("slow_down")) {
            // OpenAI's documented 503 "Slow Down": a sudden rise in request rate; only a lower rate helps.
            return failure(ErrorType.RATE_LIMIT, code, status, "OpenAI asked Aperture to slow down after a sudden "
                    + "increase in request rate.", Actions.rateLimit("OpenAI"));
        }
        String what = status == 503 ? " (overloaded or unavailable)" : status == 502 ? " (bad gateway)" : "";
        return failure(ErrorType.OUTAGE, code, status, "OpenAI answered HTTP " + status + what + ".", Actions.OUTAGE);
    }

    private static boolean isBilling(ApiError error) {
        for (String value : new String[] {error.code(), error.type()}) {
            if (BILLING.contains(value) || BILLING_LIMIT.matcher(value).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads the error object; compatible servers also answer {@code {"error":"text"}} or
     * {@code {"detail":"text"}}. The message is scrubbed here, once, so nothing downstream sees a key.
     */
    private static ApiError error(Optional<JsonNode> json, CallRequest request) {
        JsonNode root = json.orElse(null);
        JsonNode error = root != null && root.isObject() ? root.get("error") : null;
        String message;
        String code = "";
        String type = "";
        if (error != null && error.isObject()) {
            code = JsonBody.text(error, "code").orElse("");
            type = JsonBody.text(error, "type").orElse("");
            message = JsonBody.text(error, "message").orElse("");
        } else {
            message = JsonBody.text(root, "error").or(() -> JsonBody.text(root, "detail"))
                    .or(() -> JsonBody.text(root, "message")).orElse("");
        }
        return new ApiError(token(code, request), token(type, request),
                Sanitizer.scrub(message, request.secrets()).strip());
    }

    /** A code becomes part of an alert key and title; a compatible server might send anything there. */
    private static String token(String value, CallRequest request) {
        String clean = Sanitizer.scrub(value.strip(), request.secrets());
        return clean.length() > 64 ? clean.substring(0, 64) : clean;
    }

    private static String said(ApiError error) {
        if (error.message().isEmpty()) {
            return "";
        }
        String m = error.message();
        return ": \"" + (m.length() > 200 ? m.substring(0, 200) + "…" : m) + "\"";
    }

    private static Outcome.Failure failure(ErrorType type, String code, int status, String message, String action) {
        return new Outcome.Failure(type, code, status, message, action);
    }
}
