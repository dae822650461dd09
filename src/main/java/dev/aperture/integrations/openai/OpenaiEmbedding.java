package dev.aperture.integrations.openai;

import java.util.List;

/** One vector of an embeddings answer and the position of the input it belongs to. */
public record OpenaiEmbedding(int index, List<Double> vector) {

    public OpenaiEmbedding {
        vector = List.copyOf(vector);
    }
}
