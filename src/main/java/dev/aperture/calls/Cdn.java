package dev.aperture.calls;

import java.util.Locale;
import java.util.Optional;

/**
 * Pages served by a CDN or a proxy in front of the API rather than by the API itself. Checked
 * before any body is parsed (providers.md: Cloudflare 52x pages, "1015 You are being rate
 * limited", "Sorry, you have been blocked" with 403; CloudFront in front of TMDb).
 */
public final class Cdn {

    private Cdn() {}

    public static boolean isHtml(Answer.Reply reply) {
        String type = reply.contentType();
        if (type.contains("html")) {
            return true;
        }
        String head = reply.body().stripLeading();
        String start = head.substring(0, Math.min(head.length(), 200)).toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html") || start.startsWith("<head");
    }

    public static boolean isCloudflare(Answer.Reply reply) {
        return reply.header("cf-ray").isPresent()
                || reply.header("server").map(s -> s.toLowerCase(Locale.ROOT).contains("cloudflare")).orElse(false);
    }

    /**
     * The outcome of an HTML page from a CDN/proxy of a public API, when there is one: Cloudflare's
     * rate-limit and block pages, and 5xx error pages of any edge. Empty for anything else.
     */
    public static Optional<Outcome.Failure> classifyEdgePage(ServiceId service, Answer.Reply reply, java.time.Instant now) {
        if (!isHtml(reply)) {
            return Optional.empty();
        }
        String body = reply.body().toLowerCase(Locale.ROOT);
        String name = service.displayName();
        int status = reply.status();
        if (body.contains("error 1015") || body.contains("you are being rate limited") || (status == 429)) {
            Outcome.Failure f = new Outcome.Failure(ErrorType.RATE_LIMIT, status == 429 ? "429" : "cloudflare_1015", status,
                    name + " is rate limiting this server (the CDN in front of it answered \"You are being rate limited\").",
                    Actions.rateLimit(name));
            return Optional.of(RetryAfter.parse(reply.header("retry-after").orElse(null), now)
                    .map(f::withResetAt).orElse(f));
        }
        if (status == 403 && (body.contains("sorry, you have been blocked") || isCloudflare(reply)
                || body.contains("cloudfront"))) {
            return Optional.of(new Outcome.Failure(ErrorType.RATE_LIMIT, "cdn_blocked", status,
                    "The CDN in front of " + name + " blocked requests from this server (HTTP 403 block page).",
                    "Wait and reduce request frequency; if it persists, check that this server's IP is not blocked by "
                            + name + "."));
        }
        if (status >= 500) {
            String code = status >= 520 && status <= 530 ? "cloudflare_" + status : String.valueOf(status);
            return Optional.of(new Outcome.Failure(ErrorType.OUTAGE, code, status,
                    name + " is unavailable (HTTP " + status + " error page from its CDN).", Actions.OUTAGE));
        }
        return Optional.empty();
    }
}
