package dev.aperture.integrations.jellyseerr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.calls.CallContext;
import dev.aperture.calls.CallRequest;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.Field;
import dev.aperture.integrations.Settings;
import dev.aperture.secrets.Secret;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.PipelineFixture;
import dev.aperture.testing.PlainHttpPort;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JellyseerrIntegrationTest {

    private static final String KEY = "MTcxMDQyNjU2NjE0OGQ2YmE0ZjEtYzQ3Ny00ZTk5LTk2ZjgtNTM2ZWQ4ZTRlYWU0";
    private static final String WRONG_KEY_BODY =
            "{\"status\":403,\"error\":\"You do not have permission to access this endpoint\"}";
    private static final String COOKIE_BODY = "{\"message\":\"cookie 'connect.sid' required\",\"errors\":[{\"path\":"
            + "\"/api/v1/auth/me\",\"message\":\"cookie 'connect.sid' required\",\"errorCode\":\"auth.credentials\"}]}";

    private final JellyseerrIntegration jellyseerr = new JellyseerrIntegration();
    private final PipelineFixture fixture = new PipelineFixture(jellyseerr);

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void settings_are_base_url_and_api_key_and_it_is_self_hosted_without_a_default() {
        assertThat(jellyseerr.fields()).containsExactly(Field.BASE_URL, Field.API_KEY);
        assertThat(jellyseerr.required()).containsExactly(Field.BASE_URL, Field.API_KEY);
        assertThat(jellyseerr.selfHosted()).isTrue();
        assertThat(jellyseerr.defaultBaseUrl()).isEmpty();
        assertThat(jellyseerr.isConfigured(Settings.empty().with(Field.BASE_URL, "http://h:5055"))).isFalse();
    }

    @Test
    void valid_key_on_auth_me_is_a_success_sent_in_the_x_api_key_header() {
        fixture.server.answer("/api/v1/auth/me", Response.json(200, "{\"id\":1,\"email\":\"admin@example.org\"}"));

        CallResult result = fixture.probe(settings());

        assertThat(result.outcome()).isEqualTo(new Outcome.Success(200));
        assertThat(fixture.server.lastRequest().path()).isEqualTo("/api/v1/auth/me");
        assertThat(fixture.server.lastRequest().header("x-api-key")).isEqualTo(KEY);
        assertThat(fixture.recorded).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/api/v1", "/api/v1/"})
    void base_url_with_or_without_api_v1_and_trailing_slash_reaches_the_same_path(String suffix) {
        fixture.server.answer("/api/v1/auth/me", Response.json(200, "{\"id\":1}"));

        CallResult result = fixture.probe(settings(fixture.server.baseUrl() + suffix));

        assertThat(result.ok()).isTrue();
        assertThat(fixture.server.lastRequest().path()).isEqualTo("/api/v1/auth/me");
    }

    @Test
    void wrong_key_on_auth_me_is_an_authentication_error() {
        fixture.server.answer("/api/v1/auth/me", Response.json(403, WRONG_KEY_BODY));

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(failure.code()).isEqualTo("invalid_api_key");
        assertThat(failure.httpStatus()).isEqualTo(403);
        assertThat(failure.message()).contains("Jellyseerr").contains("Unauthorized");
        assertThat(failure.action()).contains("API key").contains("Jellyseerr");
        fixture.assertLastRecordedOmits(KEY);
        assertThat(fixture.lastRecorded().details().headers()).containsEntry("X-Api-Key", "[REDACTED]");
    }

    @Test
    void missing_key_answered_with_a_session_cookie_demand_is_an_authentication_error() {
        fixture.server.answer("/api/v1/auth/me", Response.json(401, COOKIE_BODY));

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(failure.code()).isEqualTo("missing_api_key");
        assertThat(failure.httpStatus()).isEqualTo(401);
        assertThat(failure.message()).contains("API key").contains("missing or not accepted");
        fixture.assertLastRecordedOmits(KEY);
    }

    @Test
    void user_not_found_is_a_user_mapping_error_of_that_user() {
        fixture.server.answer("/api/v1/user/", Response.json(404, "{\"message\":\"User not found.\"}"));

        CallResult result = fixture.calls().call(jellyseerr.user(settings(), "42"), CallContext.job("run-1"));

        Outcome.Failure failure = PipelineFixture.failure(result);
        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("user_not_found");
        assertThat(failure.httpStatus()).isEqualTo(404);
        assertThat(failure.message()).startsWith("User not found: user mapping issue");
        assertThat(failure.action())
                .isEqualTo("Check user configuration (the Jellyseerr user mapped to this Aperture user)");
        assertThat(failure.subject()).isEqualTo("user 42");
        assertThat(fixture.server.lastRequest().path()).isEqualTo("/api/v1/user/42");
        assertThat(fixture.lastRecorded().jobRunId()).isEqualTo("run-1");
        fixture.assertLastRecordedOmits(KEY);
    }

    @Test
    void a_missing_request_record_is_a_normal_miss_not_an_alert() {
        fixture.server.answer("/api/v1/request/", Response.json(404, "{\"message\":\"Request not found.\"}"));
        CallRequest request = CallRequest.get(ServiceId.JELLYSEERR,
                URI.create(fixture.server.baseUrl() + "/api/v1/request/99")).header("X-Api-Key", KEY)
                .secret(Secret.of(KEY)).build();

        CallResult result = fixture.calls().call(request, CallContext.job("run-1"));

        assertThat(result.outcome()).isEqualTo(new Outcome.NotFound("Request not found."));
        assertThat(fixture.recorded).isEmpty();
    }

    static Stream<Arguments> unknownRoutes() {
        return Stream.of(
                Arguments.of("Express HTML", Response.html(404, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                        + "<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n"
                        + "<pre>Cannot GET //api/v1/auth/me</pre>\n</body>\n</html>\n")),
                Arguments.of("OpenAPI validator JSON", Response.json(404, "{\"message\":\"not found\",\"errors\":"
                        + "[{\"path\":\"/api/v1/auth/me\",\"message\":\"not found\"}]}")),
                Arguments.of("other JSON", Response.json(404, "{\"error\":\"no route\"}")),
                Arguments.of("empty", Response.of(404, null, "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unknownRoutes")
    void an_unknown_route_404_means_a_wrong_base_url(String kind, Response response) {
        fixture.server.answer(response);

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("wrong_base_url");
        assertThat(failure.httpStatus()).isEqualTo(404);
        assertThat(failure.message()).contains("Jellyseerr").contains("trailing slash").contains("/api/v1");
        assertThat(failure.action()).contains("URL");
        fixture.assertLastRecordedOmits(KEY);
    }

    @Test
    void an_html_login_page_with_200_means_something_else_answered() {
        fixture.server.answer(Response.html(200, "<!DOCTYPE html><html><head><title>Login - Authelia</title></head>"
                + "<body><form method=\"post\"><input name=\"password\" type=\"password\"></form></body></html>"));

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("login_page");
        assertThat(failure.httpStatus()).isEqualTo(200);
        assertThat(failure.message()).contains("login page or another site answered instead of Jellyseerr's API");
    }

    static Stream<Arguments> serverErrors() {
        return Stream.of(
                Arguments.of(500, Response.json(500, "{\"message\":\"Something went wrong.\"}")),
                Arguments.of(502, Response.of(502, null, "")),
                Arguments.of(503, Response.html(503, "<html><head><title>503 Service Temporarily Unavailable</title>"
                        + "</head><body><center><h1>503 Service Temporarily Unavailable</h1></center><hr>"
                        + "<center>nginx</center></body></html>")));
    }

    @ParameterizedTest(name = "HTTP {0}")
    @MethodSource("serverErrors")
    void a_server_error_is_an_outage_pointing_at_the_jellyseerr_server(int status, Response response) {
        fixture.server.answer(response);

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.OUTAGE);
        assertThat(failure.httpStatus()).isEqualTo(status);
        assertThat(failure.code()).isEqualTo(String.valueOf(status));
        assertThat(failure.action()).contains("Jellyseerr server").contains("logs");
    }

    @Test
    void truncated_json_with_200_is_an_outage_not_a_success() {
        fixture.server.answer(Response.json(200, "{\"id\":1,\"email\":\"admin@exa"));

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.OUTAGE);
        assertThat(failure.code()).isEqualTo("invalid_json");
    }

    @Test
    void a_huge_page_cut_by_the_body_bound_is_still_the_data_asked_for() {
        String huge = "{\"pageInfo\":{\"results\":1},\"results\":[\"" + "x".repeat(3 << 20) + "\"]}";
        fixture.server.answer("/api/v1/request", Response.json(200, huge));

        CallResult result = fixture.calls().call(jellyseerr.requests(settings(), 20, 0), CallContext.job("run-1"));

        assertThat(result.outcome()).isEqualTo(new Outcome.Success(200));
        assertThat(result.reply().orElseThrow().truncated()).isTrue();
        assertThat(fixture.server.lastRequest().query()).contains("take=20").contains("skip=0");
    }

    @Test
    void too_many_requests_is_a_rate_limit_until_retry_after() {
        fixture.server.answer(Response.json(429, "{\"message\":\"Too many requests\"}", "Retry-After", "30"));

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.RATE_LIMIT);
        assertThat(failure.resetAt()).contains(fixture.clock.instant().plus(Duration.ofSeconds(30)));
    }

    @Test
    void connection_refused_is_a_configuration_error_check_url_and_port() throws IOException {
        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings("http://127.0.0.1:" + PipelineFixture.closedPort())));

        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("connection_refused");
        assertThat(failure.httpStatus()).isNull();
        assertThat(failure.action()).contains("URL and port");
        fixture.assertLastRecordedOmits(KEY);
    }

    @Test
    void an_unknown_host_is_a_configuration_error() {
        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings("http://nonexistent.invalid:5055")));

        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("unknown_host");
        assertThat(failure.httpStatus()).isNull();
    }

    @Test
    void https_to_a_plain_http_port_is_a_configuration_error() {
        Outcome.Failure failure;
        try (PlainHttpPort plain = new PlainHttpPort()) {
            failure = PipelineFixture.failure(fixture.probe(settings("https://127.0.0.1:" + plain.port())));
        }

        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("tls_plaintext");
    }

    @Test
    void an_address_without_a_scheme_is_taken_as_plain_http() {
        fixture.server.answer("/api/v1/auth/me", Response.json(200, "{\"id\":1}"));

        assertThat(fixture.probe(settings("127.0.0.1:" + fixture.server.port())).ok()).isTrue();
    }

    @Test
    void an_unparsable_base_url_is_a_configuration_error_not_an_exception() {
        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings("http://jellyseerr.lan:5055 /")));

        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("invalid_url");
        assertThat(failure.action()).contains("http://");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[[[[[[[[[[", "null", "{\"message\":{\"nested\":true}}", "\u0000\uFFFF"})
    void the_classifier_never_throws_on_odd_bodies(String body) {
        for (int status : new int[] {200, 204, 302, 400, 401, 403, 404, 418, 429, 500, 599}) {
            dev.aperture.testing.OddReplies.assertExplained(jellyseerr.classifier().classify(jellyseerr.probe(settings()),
                    dev.aperture.calls.Answer.Reply.of(status, body), fixture.clock.instant()), status, body, KEY);
        }
    }

    private Settings settings() {
        return settings(fixture.server.baseUrl());
    }

    private static Settings settings(String base) {
        return Settings.empty().with(Field.BASE_URL, base).withSecret(Field.API_KEY, Secret.of(KEY));
    }




}
