package dev.aperture.calls;

import java.time.Instant;

/**
 * A service's dialect: turns a reply into an {@link Outcome}. {@link Calls} has already dealt with what
 * every service shares (no reply at all, redirects, a public service's CDN edge pages) and scrubs secrets
 * from whatever the classifier says. A 2xx reply still comes here, so a body that carries an error is the
 * classifier's to tell. Must never throw.
 */
@FunctionalInterface
public interface Classifier {
    Outcome classify(CallRequest request, Answer.Reply reply, Instant now);
}
