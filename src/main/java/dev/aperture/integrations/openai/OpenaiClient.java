package dev.aperture.integrations.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aperture.calls.JsonBody;
import dev.aperture.integrations.Caller;
import dev.aperture.integrations.Fetched;
import dev.aperture.integrations.PayloadReader;
import dev.aperture.integrations.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Embeddings from OpenAI or a compatible server, read into records. */
public final class OpenaiClient {

    private final OpenaiIntegration openai;
    private final PayloadReader reader;

    public OpenaiClient(OpenaiIntegration openai, ObjectMapper mapper) {
        this.openai = openai;
        this.reader = new PayloadReader(mapper);
    }

    /**
     * One vector per input, each with the index of its input: the order of {@code data} is not promised.
     * Entries with an index out of range or no numbers are left out; an answer without a data list is unreadable.
     */
    public Fetched<List<OpenaiEmbedding>> embeddings(Caller caller, Settings settings, List<String> inputs) {
        return reader.read(caller.call(openai.embeddings(settings, inputs)), body -> vectors(body, inputs.size()));
    }

    /** {object: "list", data: [{object: "embedding", index, embedding: [numbers]}], model, usage}. */
    private static Optional<List<OpenaiEmbedding>> vectors(JsonNode body, int inputs) {
        JsonNode data = body.get("data");
        if (data == null || !data.isArray()) {
            return Optional.empty();
        }
        List<OpenaiEmbedding> out = new ArrayList<>();
        for (JsonNode d : data) {
            int index = JsonBody.integer(d, "index").orElse(-1);
            JsonNode vector = d.get("embedding");
            if (index < 0 || index >= inputs || vector == null || !vector.isArray() || vector.isEmpty()) {
                continue;
            }
            List<Double> numbers = new ArrayList<>();
            for (JsonNode n : vector) {
                if (!n.isNumber() || !Double.isFinite(n.asDouble())) {
                    numbers = null;
                    break;
                }
                numbers.add(n.asDouble());
            }
            if (numbers != null) {
                out.add(new OpenaiEmbedding(index, numbers));
            }
        }
        return Optional.of(out);
    }
}
