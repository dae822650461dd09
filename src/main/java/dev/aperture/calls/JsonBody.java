package dev.aperture.calls;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/** Lenient reading of provider bodies: anything that is not a whole JSON value is empty, never an exception. */
public final class JsonBody {

    // Fuzzed and hostile bodies nest deeply; 200 levels is far beyond any provider's real payload.
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
            .build());

    private JsonBody() {}

    public static Optional<JsonNode> parse(String body) {
        return parse(MAPPER, body);
    }

    /** The same leniency with another mapper (the application's, which bounds nesting the same way). */
    public static Optional<JsonNode> parse(ObjectMapper mapper, String body) {
        if (body == null) {
            return Optional.empty();
        }
        String trimmed = body.strip();
        if (trimmed.isEmpty() || (trimmed.charAt(0) != '{' && trimmed.charAt(0) != '[')) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(mapper.readTree(trimmed));
        } catch (Exception | StackOverflowError e) {
            return Optional.empty();
        }
    }

    /** A text field of an object, empty when absent, null or not text. */
    public static Optional<String> text(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return Optional.empty();
        }
        return Optional.of(value.asText());
    }

    public static Optional<Integer> integer(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt() && !value.isTextual()) {
            return Optional.empty();
        }
        if (value.isTextual()) {
            try {
                return Optional.of(Integer.parseInt(value.asText().trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return value.isNumber() ? Optional.of(value.asInt()) : Optional.empty();
    }
}
