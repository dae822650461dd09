package dev.aperture.integrations.tmdb;

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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Answers from TMDb's published error table, developer.themoviedb.org/docs/errors (code, HTTP status, message). */
class TmdbDocumentedAnswersTest {

    private static final String KEY = "0f5c3d2e1b4a69788796a5b4c3d2e1f0";
    private final TmdbIntegration tmdb = new TmdbIntegration();
    private final PipelineFixture fixture = new PipelineFixture(tmdb);

    @AfterEach
    void close() {
        fixture.close();
    }

    private static String error(int code, String message) {
        return "{\"success\":false,\"status_code\":" + code + ",\"status_message\":\"" + message + "\"}";
    }

    private CallResult lookup(String path) {
        Settings settings = Settings.empty().with(Field.BASE_URL, fixture.server.baseUrl() + "/3")
                .withSecret(Field.API_KEY, Secret.of(KEY));
        return fixture.calls().call(tmdb.get(settings, path, Map.of()), CallContext.job("run-1"));
    }

    // Source: developer.themoviedb.org/docs/errors, rows 5 (422), 19 (406), 47 (400).
    @ParameterizedTest(name = "status_code {0} with HTTP {1}")
    @CsvSource(delimiter = '|', value = {
            "5|422|Invalid parameters: Your request parameters are incorrect.",
            "19|406|Invalid accept header.",
            "47|400|The input is not valid."})
    void a_rejected_request_is_a_configuration_error_naming_tmdbs_code(int code, int http, String message) {
        fixture.server.answer("/3/search", Response.json(http, error(code, message)));

        CallResult result = lookup("/search/movie");

        Outcome.Failure failure = PipelineFixture.failure(result);
        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo(String.valueOf(code));
        assertThat(failure.httpStatus()).isEqualTo(http);
        assertThat(failure.message()).contains(message);
        assertThat(fixture.server.lastRequest().path()).isEqualTo("/3/search/movie");
        fixture.assertLastRecordedOmits(KEY);
    }

    // Source: developer.themoviedb.org/docs/errors, row 25 (429); TMDb does not promise a Retry-After header.
    @Test
    void code_25_without_a_retry_after_is_a_rate_limit() {
        fixture.server.answer("/3/movie", Response.json(429,
                error(25, "Your request count (#) is over the allowed limit of (40).")));

        Outcome.Failure failure = PipelineFixture.failure(lookup("/movie/550"));

        assertThat(failure.type()).isEqualTo(ErrorType.RATE_LIMIT);
        assertThat(failure.code()).isEqualTo("25");
        assertThat(failure.httpStatus()).isEqualTo(429);
    }

    // Source: developer.themoviedb.org/docs/errors, row 37: HTTP 404 "The requested session could not be found."
    @Test
    void session_not_found_on_the_probe_is_not_taken_for_a_working_key() {
        fixture.server.answer("/3/authentication", Response.json(404, error(37, "The requested session could not be found.")));

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(Settings.empty()
                .with(Field.BASE_URL, fixture.server.baseUrl() + "/3").withSecret(Field.API_KEY, Secret.of(KEY))));

        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("37");
        assertThat(failure.httpStatus()).isEqualTo(404);
    }
}
