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

    /**
     * The range a timestamp parameter may take: anything in it fits the epoch milliseconds the stores
     * compare with (Instant itself reaches the year 1,000,000,000, whose milliseconds overflow a long).
     */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    public static Optional<Instant> instant(Context ctx, String name) {
        return query(ctx, name).map(v -> {
            Instant t;
            try {
                t = Instant.parse(v);
            } catch (DateTimeParseException e) {
                throw new BadRequest(name, "must be an ISO-8601 UTC timestamp such as 2026-01-15T14:30:22Z");
            }
            if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
                throw new BadRequest(name, "must be between " + EARLIEST + " and " + LATEST);
            }
            return t;
        });
    }

    /** A true/false query parameter, false when absent or empty; anything else is a 400 naming it. */
    public static boolean flag(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty() || v.equals("false")) {
            return false;
        }
        if (v.equals("true")) {
            return true;
        }
        throw new BadRequest(name, "must be true or false");
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
