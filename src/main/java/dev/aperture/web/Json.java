package dev.aperture.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import java.util.Optional;

/** The API's JSON: ISO-8601 UTC timestamps, nulls kept, and request bodies read without surprises. */
public final class Json {

    /** The application's one mapper (built by App and handed to whatever writes or reads JSON). */
    public static ObjectMapper newMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(new Jdk8Module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private Json() {}

    /** The body as a JSON object; an empty body is an empty object, anything else is a 400. */
    public static ObjectNode object(Context ctx) {
        return object(ctx, ctx.body());
    }

    /** {@code body}, read by the caller within its own bound, as a JSON object; anything else is a 400. */
    public static ObjectNode object(Context ctx, String body) {
        if (body == null || body.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode node = tree(ctx, body);
        if (node == null || !node.isObject()) {
            throw new BadRequest("body", "must be a JSON object");
        }
        return (ObjectNode) node;
    }

    public static JsonNode any(Context ctx) {
        String body = ctx.body();
        return body == null || body.isBlank() ? NullNode.getInstance() : tree(ctx, body);
    }

    /** Parsed by the server's mapper, which throws Jackson's (checked) exception undeclared. */
    private static JsonNode tree(Context ctx, String body) {
        try {
            return ctx.jsonMapper().fromJsonString(body, JsonNode.class);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException) {
                throw new BadRequest("body", "is not valid JSON");
            }
            throw new IllegalStateException(e);
        }
    }

    /**
     * The body as plain Java values (objects are maps, arrays lists, whole numbers Integer, Long or
     * BigInteger, others Double, String, Boolean, null), for routes that validate input without Jackson types;
     * an empty body is null, anything not JSON a 400.
     */
    public static Object plain(Context ctx) {
        String body = ctx.body();
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return ctx.jsonMapper().fromJsonString(body, Object.class);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // Javalin's mapper throws Jackson's checked exception undeclared.
            throw new BadRequest("body", "is not valid JSON");
        }
    }

    /** The body as a map of plain values ({@link #plain}); an empty body is an empty map, anything else a 400. */
    @SuppressWarnings("unchecked")
    public static java.util.Map<String, Object> plainObject(Context ctx) {
        Object body = plain(ctx);
        if (body == null) {
            return java.util.Map.of();
        }
        if (!(body instanceof java.util.Map<?, ?>)) {
            throw new BadRequest("body", "must be a JSON object");
        }
        return (java.util.Map<String, Object>) body;
    }

    /** A required non-blank text field. */
    public static String text(ObjectNode body, String field) {
        return optionalText(body, field).filter(s -> !s.isBlank())
                .orElseThrow(() -> new BadRequest(field, "is required"));
    }

    public static Optional<String> optionalText(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw new BadRequest(field, "must be a string");
        }
        return Optional.of(v.asText());
    }
}
