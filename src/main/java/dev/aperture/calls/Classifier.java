package dev.aperture.calls;

import java.time.Instant;

/** A service's dialect: turns what came back into an {@link Outcome}. Must never throw. */
@FunctionalInterface
public interface Classifier {
    Outcome classify(CallRequest request, Answer answer, Instant now);
}
