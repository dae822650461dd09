package dev.aperture.calls;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * What every service's replies share, decided before its classifier sees one: a redirect (an API answers
 * in place), and for a public service the pages of the CDN or proxy in front of it (Cloudflare's rate-limit
 * and block pages, any edge's 5xx page), which say nothing in the vendor's dialect; and a 2xx reply whose body
 * is not the JSON API answering (an HTML page, malformed JSON, something else), worded with the service's
 * {@link JsonApi}. Empty when the reply is the service's own to classify.
 */
final class Preamble {

    private Preamble() {}

    static Optional<Outcome> classify(CallRequest request, Answer.Reply reply, boolean selfHosted,
                                      Optional<JsonApi> api, Instant now) {
        if (isRedirect(reply.status())) {
            return Optional.of(redirected(request, reply));
        }
        // A self-hosted server's HTML pages are its own web client or the admin's proxy: its classifier reads them.
        if (!selfHosted) {
            Optional<Outcome> edge = Cdn.classifyEdgePage(request.service(), reply, now).map(Outcome.class::cast);
            if (edge.isPresent()) {
                return edge;
            }
        }
        int status = reply.status();
        if (status < 200 || status >= 300 || api.isEmpty()) {
            return Optional.empty();
        }
        return notTheApi(request, reply, api.get()).map(Outcome.class::cast);
    }

    /** A 2xx body that cannot be the JSON API's answer; empty when it can, or when the request asked for no JSON. */
    static Optional<Outcome.Failure> notTheApi(CallRequest request, Answer.Reply reply, JsonApi api) {
        int status = reply.status();
        BodyShape shape = BodyShape.of(reply);
        if (shape == BodyShape.HTML) {
            // None of these APIs answers HTML: a website, a web client or a proxy's login page sits at the URL.
            return Optional.of(api.html(status));
        }
        // A request that asked for something else (a media server's image, a plain-text endpoint) is not judged
        // as JSON; neither is a body cut by Aperture's own bound, which is real data too large to keep whole.
        if (!asksForJson(request) || reply.truncated()) {
            return Optional.empty();
        }
        return switch (shape) {
            // 204 has no body by definition, and a POST/PUT/DELETE may answer an empty 200 or 201.
            case EMPTY -> status == 204 || !"GET".equals(request.method())
                    ? Optional.empty() : Optional.of(api.notJson(status, "empty"));
            case MALFORMED_JSON -> Optional.of(api.malformed(status));
            case OTHER -> Optional.of(api.notJson(status, "not JSON"));
            case JSON, HTML -> Optional.empty();
        };
    }

    private static boolean asksForJson(CallRequest request) {
        String accept = request.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("accept"))
                .map(e -> e.getValue().toLowerCase(Locale.ROOT)).findFirst().orElse("");
        return accept.isEmpty() || accept.contains("json");
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
