package dev.aperture.web;

import dev.aperture.auth.Principal;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reading query parameters with 400s that name the parameter. */
public final class Requests {

    public static final String PRINCIPAL = "aperture.principal";

    private Requests() {}

    public static Principal principal(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }

    public static Optional<String> query(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public static Optional<Instant> instant(Context ctx, String name) {
        return query(ctx, name).map(v -> {
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException e) {
                throw new BadRequest(name, "must be an ISO-8601 UTC timestamp such as 2026-01-15T14:30:22Z");
            }
        });
    }

    public static int limit(Context ctx, int fallback, int max) {
        return query(ctx, "limit").map(v -> {
            try {
                int n = Integer.parseInt(v);
                if (n < 1 || n > max) {
                    throw new BadRequest("limit", "must be between 1 and " + max);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new BadRequest("limit", "must be a number");
            }
        }).orElse(fallback);
    }
}
