package dev.aperture.integrations.omdb;

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
import org.junit.jupiter.params.provider.ValueSource;

/** OMDb's answers as its own issue tracker (github.com/omdbapi/OMDb-API) shows them. */
class OmdbDocumentedAnswersTest {

    private static final String KEY = "ab12cd34";
    private final OmdbIntegration omdb = new OmdbIntegration();
    private final PipelineFixture fixture = new PipelineFixture(omdb);

    @AfterEach
    void close() {
        fixture.close();
    }

    private Settings settings() {
        return Settings.empty().with(Field.BASE_URL, fixture.server.baseUrl() + "/").withSecret(Field.API_KEY, Secret.of(KEY));
    }

    private static String error(String text) {
        return "{\"Response\":\"False\",\"Error\":\"" + text + "\"}";
    }

    // Source: github.com/omdbapi/OMDb-API/issues/204 — OMDb answered {"Response":"False","Error":"Incorrect IMDb ID."}
    // to ?i=tt3896198, the probe's own title, for working keys; issue #74 — "Error getting data."-style misses exist
    // because the API does not hold every IMDb title. OMDb checks the key first (a bad key answers "Invalid API key!").
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Incorrect IMDb ID.", "Movie not found!"})
    void a_per_item_miss_answered_to_the_probe_means_the_key_works(String text) {
        fixture.server.answer(Response.json(200, error(text)));

        CallResult result = fixture.probe(settings());

        assertThat(result.outcome()).isEqualTo(new Outcome.Success(200));
        assertThat(fixture.server.lastRequest().query()).isEqualTo("apikey=" + KEY + "&i=tt3896198");
        assertThat(fixture.recorded).isEmpty();
    }

    // Source: github.com/omdbapi/OMDb-API/issues/234 — ?i=tt14573402 answered HTTP 200 "Incorrect IMDb ID.".
    @Test
    void the_same_miss_on_a_job_lookup_stays_a_per_item_miss() {
        fixture.server.answer(Response.json(200, error("Incorrect IMDb ID.")));

        CallResult result = fixture.calls().call(omdb.get(settings(), Map.of("i", "tt14573402")), CallContext.job("run-1"));

        assertThat(result.outcome()).isInstanceOf(Outcome.NotFound.class);
        assertThat(fixture.recorded).isEmpty();
    }

    // Source: github.com/omdbapi/OMDb-API/issues/99 — the poster endpoint answered HTTP 200 with
    // {"Response":"False","Error":"Invalid API key!"} where the data API answered 401: an error inside a 2xx body.
    @Test
    void invalid_key_inside_a_200_on_a_lookup_is_an_authentication_error_not_a_success() {
        fixture.server.answer(Response.json(200, error("Invalid API key!")));

        CallResult result = fixture.calls().call(omdb.get(settings(), Map.of("i", "tt0080684")), CallContext.job("run-1"));

        Outcome.Failure failure = PipelineFixture.failure(result);
        assertThat(failure.type()).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(failure.httpStatus()).isEqualTo(200);
        fixture.assertLastRecordedOmits(KEY);
    }
}
