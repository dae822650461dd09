package dev.aperture.integrations.jellyseerr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.calls.ErrorType;
import dev.aperture.integrations.Field;
import dev.aperture.integrations.Settings;
import dev.aperture.secrets.Secret;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.PipelineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Jellyseerr's answers as its server source (github.com/Fallenbagel/jellyseerr) writes them. */
class JellyseerrDocumentedAnswersTest {

    private static final String KEY = "MTcwOTU1NDY1NjQ0MmQ0ZjM5LTg4NzUtNGU2NS1iYjQ3LTg2ZGY2MjQwZjU3Zg==";
    private final JellyseerrIntegration jellyseerr = new JellyseerrIntegration();
    private final PipelineFixture fixture = new PipelineFixture(jellyseerr);

    @AfterEach
    void close() {
        fixture.close();
    }

    private Settings settings() {
        return Settings.empty().with(Field.BASE_URL, fixture.server.baseUrl()).withSecret(Field.API_KEY, Secret.of(KEY));
    }

    /**
     * Source: server/middleware/auth.ts — checkUser only loads a user when X-API-Key equals the saved key (or
     * X-API-User names an existing user); isAuthenticated then answers a request without one 403
     * {"status":403,"error":"You do not have permission to access this endpoint"}.
     */
    @Test
    void a_wrong_key_on_auth_me_is_an_authentication_error() {
        fixture.server.answer("/api/v1/auth/me", Response.json(403,
                "{\"status\":403,\"error\":\"You do not have permission to access this endpoint\"}"));

        var failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(failure.code()).isEqualTo("invalid_api_key");
        assertThat(fixture.server.lastRequest().header("x-api-key")).isEqualTo(KEY);
        fixture.assertLastRecordedOmits(KEY);
    }

    /**
     * Source: server/index.ts — the express-openapi-validator middleware runs before the routes and its errors go
     * through the error handler as {"message": err.message, "errors": err.errors}; a path the API spec does not
     * have is its "not found", so a 404 of that shape on the probe means the base URL is wrong.
     */
    @Test
    void the_validators_not_found_on_the_probe_is_a_wrong_base_url() {
        fixture.server.answer(Response.json(404, "{\"message\":\"not found\",\"errors\":[{\"path\":\"/api/v1/api/v1/auth/me\","
                + "\"message\":\"not found\"}]}"));

        var failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("wrong_base_url");
    }

    /**
     * Source: server/index.ts error handler again, for the validator's security check: the API spec accepts a
     * cookie (connect.sid) or the X-Api-Key header, so a request the key does not reach answers 401 with the
     * validator's message "cookie 'connect.sid' required".
     */
    @Test
    void no_key_reaching_jellyseerr_is_an_authentication_error() {
        fixture.server.answer(Response.json(401, "{\"message\":\"cookie 'connect.sid' required\",\"errors\":[{\"path\":"
                + "\"/api/v1/auth/me\",\"message\":\"cookie 'connect.sid' required\"}]}"));

        var failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(failure.code()).isEqualTo("missing_api_key");
    }
}
