package dev.aperture.calls;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Pages served by a CDN or a proxy in front of the API rather than by the API itself. Checked
 * before any body is parsed: Cloudflare (in front of Trakt, MDBList and OMDb) serves 52x pages,
 * "Error 1015 You are being rate limited" and "Sorry, you have been blocked" with 403; CloudFront
 * (in front of TMDb) serves its own 403 and 5xx pages.
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

    // What Cloudflare (and CloudFront) write themselves on a block or challenge page. Every answer of an API behind
    // Cloudflare carries its Server and CF-RAY headers, Trakt's own HTML 403 for an unapproved app included, so
    // those headers alone do not make a block.
    private static final List<String> BLOCK_MARKS = List.of("sorry, you have been blocked",
            "attention required! | cloudflare", "used cloudflare to restrict access", "cf-error-details",
            "cloudflare ray id", "just a moment...", "cloudfront");
    // The marks sit in a block page's first kilobytes; a Cloudflare block page is about 5 KB.
    private static final int BLOCK_SCAN = 16 * 1024;

    /** A CDN's block or challenge page: its body marks, or {@code cf-mitigated: challenge}. */
    public static boolean isBlockPage(Answer.Reply reply) {
        if (reply.header("cf-mitigated").map(v -> v.toLowerCase(Locale.ROOT).contains("challenge")).orElse(false)) {
            return true;
        }
        String body = reply.body();
        String head = body.substring(0, Math.min(body.length(), BLOCK_SCAN)).toLowerCase(Locale.ROOT);
        return BLOCK_MARKS.stream().anyMatch(head::contains);
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
        if (status == 403 && isBlockPage(reply)) {
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
