package dev.aperture.integrations.mediaserver;

import dev.aperture.calls.Answer;
import dev.aperture.calls.CallRequest;
import dev.aperture.calls.Cdn;
import dev.aperture.calls.Classifier;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.JsonApi;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.RetryAfter;
import dev.aperture.calls.Sanitizer;
import dev.aperture.calls.ServiceId;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Jellyfin's and Emby's answers. Neither sends a useful error body (Jellyfin answers 401 with an
 * empty body, Emby with a line of text), so the status and the path decide: a 404 on the probe or a
 * list means the base URL is wrong, a 404 on one item is a normal miss. An HTML page where JSON was
 * asked for means a proxy login page or the web client answered instead of the API.
 */
final class MediaServerClassifier implements Classifier {

    static final String PROBE_PATH = "/System/Info";

    private static final ServiceId SERVICE = ServiceId.MEDIASERVER;
    private static final String KEY_ACTION = "Create an API key (Jellyfin: Dashboard → API Keys; Emby: Settings → "
            + "Advanced → API Keys), enter it in Aperture (Settings → Integrations → Media Server) and click "
            + "Test Connection.";
    private static final String URL_ACTION = "Check the media server URL: scheme, host, port (Jellyfin and Emby use "
            + "8096 for http) and any path prefix your reverse proxy adds, such as /jellyfin or /emby; then click "
            + "Test Connection.";
    private static final String SERVER_ACTION = "Check that Jellyfin/Emby (and any reverse proxy in front of it) is "
            + "running and look at its logs; Aperture retries automatically and clears this alert on recovery.";
    private static final JsonApi API = JsonApi.typedAddress("The media server", "the media server's API", "not_api",
            URL_ACTION, URL_ACTION, SERVER_ACTION);
    // Jellyfin and Emby address one item as /Items/{id} or /Users/{user}/Items/{id}, possibly with a sub-resource.
    private static final Pattern ITEM_PATH = Pattern.compile("(?i).*/Items/[^/]+(/.*)?$");

    @Override
    public Optional<JsonApi> jsonApi() {
        return Optional.of(API);
    }

    @Override
    public Outcome classify(CallRequest request, Answer.Reply reply, Instant now) {
        int status = reply.status();
        boolean html = Cdn.isHtml(reply);
        if (status >= 200 && status < 300) {
            // The preamble has turned away a 2xx body that is not JSON where JSON was asked for.
            return new Outcome.Success(status);
        }
        if (status == 401 || status == 403) {
            return denied(request, reply, html);
        }
        if (status == 404) {
            return notFound(request, html);
        }
        if (status == 429) {
            Outcome.Failure f = failure(ErrorType.RATE_LIMIT, "429", status,
                    "The media server (or a proxy in front of it) is rate limiting Aperture (HTTP 429).",
                    "Wait for the reset and space out library syncs; check any rate limit set in the reverse proxy.");
            return RetryAfter.parse(reply.header("retry-after").orElse(null), now).map(f::withResetAt).orElse(f);
        }
        if (status >= 500 || status == 408) {
            String what = html || reply.body().isBlank()
                    ? " (an error page without details, typically a reverse proxy that cannot reach the server)" : "";
            return failure(ErrorType.OUTAGE, String.valueOf(status), status,
                    "The media server (Jellyfin/Emby) answered HTTP " + status + what + ".", SERVER_ACTION);
        }
        return failure(ErrorType.CONFIGURATION, String.valueOf(status), status,
                "The media server rejected the request (HTTP " + status + detail(request, reply, html) + ").",
                URL_ACTION + " Check that the server version is supported.");
    }

    private Outcome denied(CallRequest request, Answer.Reply reply, boolean html) {
        int status = reply.status();
        boolean basic = reply.header("www-authenticate").map(v -> v.toLowerCase(Locale.ROOT).startsWith("basic"))
                .orElse(false);
        if (html && basic) {
            // Jellyfin and Emby never ask for HTTP Basic auth; a proxy in front of them does.
            return failure(ErrorType.CONFIGURATION, "proxy_auth", status, "A reverse proxy in front of the media "
                    + "server asks for its own login (HTTP " + status + ", Basic auth).", "Let Aperture reach the "
                    + "media server without the proxy's login (or use the server's direct URL), then click Test "
                    + "Connection.");
        }
        return failure(ErrorType.AUTHENTICATION, String.valueOf(status), status, status == 401
                ? "The media server rejected the API key (Jellyfin/Emby answered HTTP 401)." + embyOnly(request)
                : "The media server refused the API key for this request (HTTP 403: revoked, or its user lacks "
                        + "permission).", KEY_ACTION);
    }

    /**
     * A key sent only as X-Emby-Token (server type Emby) is ignored by Jellyfin 12, which answers a valid key
     * with the same empty 401 as a wrong one; the admin may have picked the wrong server type.
     */
    private static String embyOnly(CallRequest request) {
        boolean authorization = request.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("authorization"));
        return authorization ? "" : " If this server is Jellyfin (12 or later ignores the Emby token header), set "
                + "the server type to Jellyfin.";
    }

    private Outcome notFound(CallRequest request, boolean html) {
        String path = Optional.ofNullable(request.uri().getPath()).orElse("");
        boolean probe = path.toLowerCase(Locale.ROOT).endsWith(PROBE_PATH.toLowerCase(Locale.ROOT));
        if (!html && !probe && ITEM_PATH.matcher(path).matches()) {
            return new Outcome.NotFound("media server item " + path);
        }
        return failure(ErrorType.CONFIGURATION, "wrong_base_url", 404, "The media server's API was not found at "
                + Sanitizer.url(request.uri(), request.secrets()) + " (HTTP 404): wrong base URL, for example a "
                + "missing /emby or /jellyfin path prefix.", URL_ACTION);
    }

    private static String detail(CallRequest request, Answer.Reply reply, boolean html) {
        String body = reply.body().strip();
        if (html || body.isEmpty()) {
            return "";
        }
        String clean = Sanitizer.scrub(body, request.secrets());
        return ": " + (clean.length() > 200 ? clean.substring(0, 200) + "…" : clean);
    }

    private static Outcome.Failure failure(ErrorType type, String code, int status, String message, String action) {
        return new Outcome.Failure(type, code, status, message, action);
    }
}
