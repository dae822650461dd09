package dev.aperture.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.web.BadRequest;
import dev.aperture.web.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A username and password read from a request that nobody has authenticated yet, so everything is
 * bounded before any work: the body is read only up to {@link #MAX_BODY} bytes (a longer one is
 * refused from its Content-Length, or when the read passes the limit), then each field is checked.
 */
public record LoginInput(String username, String password) {

    /** Room for both fields at their limits with JSON or form escaping; a real login is under 200 bytes. */
    public static final int MAX_BODY = 4096;
    public static final int MAX_USERNAME = 256;
    /** Longer passphrases gain nothing, and Argon2 works over the whole input. */
    public static final int MAX_PASSWORD = 1024;
    /** A refused body is read (and dropped, 8 KB at a time) up to this size; the attack sent 4 MB. */
    static final long MAX_DRAIN = 8L << 20;

    public LoginInput {
        if (username.length() > MAX_USERNAME) {
            throw new BadRequest("username", "must be at most " + MAX_USERNAME + " characters");
        }
        if (password.length() > MAX_PASSWORD) {
            throw new BadRequest("password", "must be at most " + MAX_PASSWORD + " characters");
        }
    }

    /** Long enough to resist guessing at the login's 5 tries per 15 minutes; the generated ones have 20. */
    public static final int MIN_NEW_PASSWORD = 12;

    /** A password being set: {@code field} names it in the 400. */
    public static String newPassword(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new BadRequest(field, "is required");
        }
        if (value.length() < MIN_NEW_PASSWORD || value.length() > MAX_PASSWORD) {
            throw new BadRequest(field, "must be " + MIN_NEW_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
        if (value.isBlank()) {
            throw new BadRequest(field, "must not be only spaces");
        }
        return value;
    }

    /** {@code {"username","password"}}; both required. */
    public static LoginInput json(Context ctx) {
        String body = new String(body(ctx), StandardCharsets.UTF_8);
        JsonNode node = Json.object(ctx, body);
        return new LoginInput(field(node, "username").trim(), field(node, "password"));
    }

    /** An HTML form post; missing fields are empty (the page says what to fill in). */
    public static LoginInput form(Context ctx) {
        Map<String, String> fields = new HashMap<>();
        String body = new String(body(ctx), StandardCharsets.US_ASCII);
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    fields.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new BadRequest("body", "is not a valid form");
                }
            }
        }
        return new LoginInput(fields.getOrDefault("username", "").trim(), fields.getOrDefault("password", ""));
    }

    private static String field(JsonNode body, String name) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            throw new BadRequest(name, "is required");
        }
        if (!v.isTextual()) {
            throw new BadRequest(name, "must be a string");
        }
        return v.asText();
    }

    private static byte[] body(Context ctx) {
        String tooLong = "must be at most " + MAX_BODY + " bytes (username at most " + MAX_USERNAME + " characters)";
        long declared = ctx.contentLength();
        try (InputStream in = ctx.req().getInputStream()) {
            if (declared > MAX_BODY) {
                drain(in, declared);
                throw new BadRequest("body", tooLong);
            }
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                drain(in, MAX_DRAIN);
                throw new BadRequest("body", tooLong);
            }
            return bytes;
        } catch (IOException e) {
            throw new BadRequest("body", "could not be read");
        }
    }

    /**
     * Reads and discards the rest of a refused body through a small buffer, so the 400 reaches the client:
     * a server that closes with unread bytes makes the client's TCP stack drop the answer (a reset).
     * Past {@link #MAX_DRAIN} the connection is simply closed.
     */
    private static void drain(InputStream in, long declared) throws IOException {
        if (declared <= MAX_DRAIN) {
            byte[] sink = new byte[8192];
            long left = MAX_DRAIN;
            int n;
            while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
                left -= n;
            }
        }
    }
}
