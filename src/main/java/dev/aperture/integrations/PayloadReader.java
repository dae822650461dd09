package dev.aperture.integrations;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.JsonBody;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a provider's payload with the application's one mapper, leniently: a body that is not a whole
 * JSON object or array, or that lacks what the reader needs, is {@link Fetched.Unreadable}, never an exception.
 */
public final class PayloadReader {

    private final ObjectMapper mapper;

    public PayloadReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The mapper the composition root shares: fuzzed and hostile bodies nest deeply; 200 levels is far beyond any real payload. */
    public static ObjectMapper boundedMapper() {
        return new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
                .build());
    }

    /** The call's payload read by {@code reader}; empty from the reader means the payload lacked what it needs. */
    public <T> Fetched<T> read(CallResult result, Function<JsonNode, Optional<T>> reader) {
        if (!result.ok()) {
            return new Fetched.Unsuccessful<>(result);
        }
        Optional<T> value;
        try {
            value = parse(result.body()).flatMap(reader);
        } catch (RuntimeException e) {
            value = Optional.empty();
        }
        return value.<Fetched<T>>map(v -> new Fetched.Got<>(v, result))
                .orElseGet(() -> new Fetched.Unreadable<>(result));
    }

    public Optional<JsonNode> parse(String body) {
        return JsonBody.parse(mapper, body);
    }
}
