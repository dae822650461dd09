package dev.aperture.integrations.mdblist;

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
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * MDBList's refusals inside HTTP 200. Source: Kometa-Team/Kometa, modules/mdblist.py — its MDBList client reads a
 * successful JSON answer and then checks {@code "response": false} with {@code "error": "API Limit Reached!"} (the
 * daily quota) before using the data, and treats {@code {"error":"empty"}} on a list as "not populated yet".
 */
class MdblistDocumentedAnswersTest {

    private static final String KEY = "mdb0a1b2c3d4e5f6a7b8c9d0e1f2a3b4";
    private final MdblistIntegration mdblist = new MdblistIntegration();
    private final PipelineFixture fixture = new PipelineFixture(mdblist);

    @AfterEach
    void close() {
        fixture.close();
    }

    private Settings settings() {
        return Settings.empty().with(Field.BASE_URL, fixture.server.baseUrl()).withSecret(Field.API_KEY, Secret.of(KEY));
    }

    private CallResult lookup() {
        return fixture.calls().call(mdblist.get(settings(), "/imdb/movie/tt0080684", Map.of()), CallContext.job("run-1"));
    }

    @Test
    void the_daily_limit_inside_a_200_is_a_rate_limit_until_midnight_utc_not_a_success() {
        fixture.server.answer(Response.json(200, "{\"response\":false,\"error\":\"API Limit Reached!\"}"));

        Outcome.Failure failure = PipelineFixture.failure(lookup());

        assertThat(failure.type()).isEqualTo(ErrorType.RATE_LIMIT);
        assertThat(failure.httpStatus()).isEqualTo(200);
        assertThat(failure.message()).contains("API Limit Reached!");
        assertThat(failure.resetAt()).contains(Instant.parse("2026-03-15T00:00:00Z"));
        assertThat(fixture.server.lastRequest().query()).contains("apikey=" + KEY);
        fixture.assertLastRecordedOmits(KEY);
    }

    @Test
    void an_empty_list_is_still_a_success() {
        fixture.server.answer(Response.json(200, "{\"error\":\"empty\"}"));

        CallResult result = fixture.calls().call(mdblist.get(settings(), "/lists/4321/items", Map.of()),
                CallContext.job("run-1"));

        assertThat(result.outcome()).isEqualTo(new Outcome.Success(200));
        assertThat(fixture.recorded).isEmpty();
    }
}
