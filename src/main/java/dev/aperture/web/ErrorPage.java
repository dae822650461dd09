package dev.aperture.web;

import io.javalin.http.Context;

/** How a browser page (anything outside {@code /api}) shows an error: inside the page layout, not as JSON. */
@FunctionalInterface
public interface ErrorPage {

    /** JSON everywhere: the server without a UI. */
    ErrorPage NONE = (ctx, status, message) -> false;

    /** Renders the error; false when it cannot (nobody logged in), and the JSON error is sent instead. */
    boolean render(Context ctx, int status, String message);
}
