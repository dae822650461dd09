package dev.aperture.calls;

import java.time.Instant;
import java.util.Optional;

/**
 * What every service's replies share, decided before its classifier sees one: a redirect (an API answers
 * in place), and for a public service the pages of the CDN or proxy in front of it (Cloudflare's rate-limit
 * and block pages, any edge's 5xx page), which say nothing in the vendor's dialect. Empty when the reply is
 * the service's own to classify.
 */
final class Preamble {

    private Preamble() {}

    static Optional<Outcome> classify(CallRequest request, Answer.Reply reply, boolean selfHosted, Instant now) {
        if (isRedirect(reply.status())) {
            return Optional.of(redirected(request, reply));
        }
        // A self-hosted server's HTML pages are its own web client or the admin's proxy: its classifier reads them.
        if (!selfHosted) {
            return Cdn.classifyEdgePage(request.service(), reply, now).map(Outcome.class::cast);
        }
        return Optional.empty();
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** A redirect means the base URL points at a proxy, a login page or an old address. */
    private static Outcome.Failure redirected(CallRequest request, Answer.Reply reply) {
        String name = request.service().displayName();
        String target = reply.header("location").map(l -> {
            try {
                java.net.URI uri = request.uri().resolve(l);
                return uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
            } catch (RuntimeException e) {
                return "another address";
            }
        }).orElse("another address");
        return new Outcome.Failure(ErrorType.CONFIGURATION, "redirect", reply.status(),
                name + " redirected the request to " + target + " instead of answering it.",
                "Set the " + name + " base URL to the address the API really answers on (not a proxy login page).");
    }
}
