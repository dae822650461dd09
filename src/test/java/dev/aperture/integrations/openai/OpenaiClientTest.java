package dev.aperture.integrations.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.calls.CallContext;
import dev.aperture.integrations.Caller;
import dev.aperture.integrations.Fetched;
import dev.aperture.integrations.Field;
import dev.aperture.integrations.PayloadReader;
import dev.aperture.integrations.Settings;
import dev.aperture.secrets.Secret;
import dev.aperture.testing.FakeServer.Recorded;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.PipelineFixture;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenaiClientTest {

    private static final String KEY = "sk-proj-4Tq9ZbXw2cJm7Lp0Rk3VfYh8NdGs1UeA";
    /** POST /v1/embeddings, the documented response (https://platform.openai.com/docs/api-reference/embeddings/create). */
    private static final String EMBEDDING = "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\","
            + "\"embedding\":[0.0023064255,-0.009327292,-0.0028842222],\"index\":0}],"
            + "\"model\":\"text-embedding-ada-002\",\"usage\":{\"prompt_tokens\":8,\"total_tokens\":8}}";

    private final OpenaiIntegration openai = new OpenaiIntegration();
    private final PipelineFixture fixture = new PipelineFixture(openai);
    private final OpenaiClient client = new OpenaiClient(openai, PayloadReader.boundedMapper());
    private final Caller caller = r -> fixture.calls().call(r, CallContext.job("run-1"));

    @AfterEach
    void close() {
        fixture.close();
    }

    private Settings settings() {
        return Settings.empty().with(Field.BASE_URL, fixture.server.baseUrl() + "/v1")
                .withSecret(Field.API_KEY, Secret.of(KEY));
    }

    @Test
    void embeddings_post_the_model_and_inputs_with_the_key_as_bearer_and_read_each_vector_with_its_index() {
        fixture.server.answer(Response.json(200, EMBEDDING));

        Fetched<List<OpenaiEmbedding>> fetched = client.embeddings(caller, settings(),
                List.of("The food was delicious and the waiter..."));

        assertThat(fetched).isEqualTo(new Fetched.Got<>(List.of(new OpenaiEmbedding(0,
                List.of(0.0023064255, -0.009327292, -0.0028842222))), fetched.result()));
        Recorded sent = fixture.server.lastRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/embeddings");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        assertThat(sent.body()).contains("\"model\":\"text-embedding-3-small\"")
                .contains("\"input\":[\"The food was delicious and the waiter...\"]");
    }

    @Test
    void vectors_whose_index_names_no_input_are_left_out() {
        fixture.server.answer(Response.json(200, EMBEDDING.replace("\"index\":0", "\"index\":3")));

        assertThat(client.embeddings(caller, settings(), List.of("one"))).isInstanceOfSatisfying(Fetched.Got.class,
                got -> assertThat(got.value()).isEqualTo(List.of()));
    }

    @Test
    void an_answer_without_a_data_list_is_unreadable() {
        fixture.server.answer(Response.json(200, "{\"object\":\"list\",\"model\":\"text-embedding-3-small\"}"));

        assertThat(client.embeddings(caller, settings(), List.of("one"))).isInstanceOf(Fetched.Unreadable.class);
    }
}
