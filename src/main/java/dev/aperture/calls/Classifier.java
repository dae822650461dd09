package dev.aperture.calls;

import java.time.Instant;
import java.util.Optional;

/**
 * A service's dialect: turns a reply into an {@link Outcome}. {@link Calls} has already dealt with what
 * every service shares (no reply at all, redirects, a public service's CDN edge pages, a 2xx body that is
 * not JSON when {@link #jsonApi()} names the service's words) and scrubs secrets from whatever the classifier
 * says. A 2xx JSON reply still comes here, so a body that carries an error is the classifier's to tell.
 * Must never throw.
 */
@FunctionalInterface
public interface Classifier {
    Outcome classify(CallRequest request, Answer.Reply reply, Instant now);

    /** How the preamble words a 2xx reply that is not the JSON API answering; empty leaves every 2xx body here. */
    default Optional<JsonApi> jsonApi() {
        return Optional.empty();
    }
}
