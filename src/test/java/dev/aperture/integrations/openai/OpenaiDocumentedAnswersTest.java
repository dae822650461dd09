package dev.aperture.integrations.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.calls.CallContext;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Outcome;
import dev.aperture.integrations.Field;
import dev.aperture.integrations.Settings;
import dev.aperture.secrets.Secret;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.PipelineFixture;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Errors inside HTTP 200 from an OpenAI-compatible endpoint. Source: openrouter.ai/docs/api/reference/errors-and-
 * debugging — errors are {"error":{"code":N,"message":…}}; once the model has started, the HTTP status is 200 and
 * the error is in the body, N naming what it is (402 credits used up, 502 model down or invalid answer).
 */
class OpenaiDocumentedAnswersTest {

    private static final String KEY = "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";
    private final OpenaiIntegration openai = new OpenaiIntegration();
    private final PipelineFixture fixture = new PipelineFixture(openai);

    @AfterEach
    void close() {
        fixture.close();
    }

    private CallResult embed() {
        Settings settings = Settings.empty().with(Field.BASE_URL, fixture.server.baseUrl() + "/api/v1")
                .withSecret(Field.API_KEY, Secret.of(KEY));
        return fixture.calls().call(openai.embeddings(settings, List.of("Arrival (2016)")), CallContext.job("run-1"));
    }

    @Test
    void a_model_failure_inside_a_200_is_an_outage_not_a_success() {
        fixture.server.answer(Response.json(200, "{\"error\":{\"code\":502,\"message\":\"Provider returned error\"}}"));

        Outcome.Failure failure = PipelineFixture.failure(embed());

        assertThat(failure.type()).isEqualTo(ErrorType.OUTAGE);
        assertThat(failure.httpStatus()).isEqualTo(200);
        assertThat(failure.message()).contains("Provider returned error");
        assertThat(fixture.server.lastRequest().path()).isEqualTo("/api/v1/embeddings");
        assertThat(fixture.server.lastRequest().header("authorization")).isEqualTo("Bearer " + KEY);
        fixture.assertLastRecordedOmits(KEY);
    }

    @Test
    void credits_used_up_inside_a_200_is_a_billing_stop_that_waiting_does_not_fix() {
        fixture.server.answer(Response.json(200, "{\"error\":{\"code\":402,\"message\":\"Insufficient credits. Add more "
                + "using https://openrouter.ai/credits\"}}"));

        Outcome.Failure failure = PipelineFixture.failure(embed());

        assertThat(failure.type()).isEqualTo(ErrorType.RATE_LIMIT);
        assertThat(failure.message()).contains("Waiting will not fix this");
    }

    @Test
    void an_answer_with_data_is_a_success() {
        fixture.server.answer(Response.json(200, "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,"
                + "\"embedding\":[0.0023,-0.0093]}],\"model\":\"text-embedding-3-small\"}"));

        assertThat(embed().outcome()).isEqualTo(new Outcome.Success(200));
    }
}
