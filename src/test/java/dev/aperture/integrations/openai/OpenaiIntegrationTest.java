package dev.aperture.integrations.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.calls.Answer;
import dev.aperture.calls.CallContext;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Outcome;
import dev.aperture.integrations.Field;
import dev.aperture.integrations.Settings;
import dev.aperture.secrets.Secret;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.PipelineFixture;
import dev.aperture.testing.PlainHttpPort;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OpenaiIntegrationTest {

    private static final String KEY = "sk-proj-Q2hlY2tpbmdLZXlGcmFnbWVudHNBcmVTY3J1YmJlZA1234SJh4";
    private static final String WRONG_KEY_BODY = "{\n  \"error\": {\n    \"message\": \"Incorrect API key provided: "
            + "sk-proj-********************************************SJh4. You can find your API key at "
            + "https://platform.openai.com/account/api-keys.\",\n    \"type\": \"invalid_request_error\",\n"
            + "    \"param\": null,\n    \"code\": \"invalid_api_key\"\n  }\n}\n";
    private static final String NO_KEY_BODY = "{\"error\":{\"message\":\"You didn't provide an API key. You need to "
            + "provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)"
            + ", or as the password field (with blank username) if you're accessing the API from your browser and are "
            + "prompted for a username and password. You can obtain an API key from "
            + "https://platform.openai.com/account/api-keys.\",\"type\":\"invalid_request_error\",\"param\":null,"
            + "\"code\":null}}";

    private final OpenaiIntegration openai = new OpenaiIntegration();
    private final PipelineFixture fixture = new PipelineFixture(openai);

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void settings_default_to_the_public_api_and_only_the_key_is_required() {
        assertThat(openai.fields()).containsExactly(Field.BASE_URL, Field.API_KEY, Field.MODEL);
        assertThat(openai.required()).containsExactly(Field.API_KEY);
        assertThat(openai.selfHosted()).isFalse();
        assertThat(openai.defaultBaseUrl()).isEqualTo("https://api.openai.com/v1");
        assertThat(openai.probe(Settings.empty().withSecret(Field.API_KEY, Secret.of(KEY))).uri())
                .hasToString("https://api.openai.com/v1/models");
        assertThat(OpenaiIntegration.model(Settings.empty())).isEqualTo("text-embedding-3-small");
        assertThat(openai.providerSettingsUrl()).contains("https://platform.openai.com/api-keys");
    }

    @Test
    void listing_models_with_a_valid_key_is_a_success_sent_as_a_bearer_token() {
        fixture.server.answer("/v1/models", Response.json(200, "{\"object\":\"list\",\"data\":[{\"id\":"
                + "\"text-embedding-3-small\",\"object\":\"model\",\"created\":1705948997,\"owned_by\":\"system\"}]}"));

        CallResult result = fixture.probe(settings());

        assertThat(result.outcome()).isEqualTo(new Outcome.Success(200));
        assertThat(fixture.server.lastRequest().path()).isEqualTo("/v1/models");
        assertThat(fixture.server.lastRequest().header("authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void a_compatible_base_url_is_used_as_typed_without_appending_v1() {
        fixture.server.answer("/models", Response.json(200, "{\"object\":\"list\",\"data\":[]}"));

        fixture.probe(settings(fixture.server.baseUrl() + "/"));

        assertThat(fixture.server.lastRequest().path()).isEqualTo("/models");
    }

    @Test
    void an_incorrect_key_is_an_authentication_error_and_its_echoed_fragment_is_scrubbed() {
        fixture.server.answer(Response.json(401, WRONG_KEY_BODY, "x-request-id", "req_8f2b"));

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(failure.code()).isEqualTo("invalid_api_key");
        assertThat(failure.httpStatus()).isEqualTo(401);
        assertThat(failure.message()).contains("OpenAI").doesNotContain("SJh4").doesNotContain("sk-proj");
        assertNoKeyRecorded();
        assertThat(fixture.lastRecorded().details().responseExcerpt()).contains("Incorrect API key provided")
                .doesNotContain("SJh4");
    }

    @Test
    void a_missing_key_with_a_null_code_is_an_authentication_error() {
        fixture.server.answer(Response.json(401, NO_KEY_BODY));

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(failure.code()).isEqualTo("invalid_request_error");
        assertThat(failure.message()).isEqualTo("OpenAI received no API key.");
    }

    @Test
    void an_unsupported_country_is_a_configuration_error() {
        fixture.server.answer(Response.json(403, "{\"error\":{\"code\":\"unsupported_country_region_territory\","
                + "\"message\":\"Country, region, or territory not supported\",\"param\":null,"
                + "\"type\":\"request_forbidden\"}}"));

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("unsupported_country_region_territory");
        assertThat(failure.httpStatus()).isEqualTo(403);
    }

    @Test
    void an_unknown_embedding_model_is_a_configuration_error_naming_the_model() {
        fixture.server.answer("/v1/embeddings", Response.json(404, "{\"error\":{\"message\":\"The model "
                + "`text-embedding-4` does not exist or you do not have access to it.\",\"type\":"
                + "\"invalid_request_error\",\"param\":null,\"code\":\"model_not_found\"}}"));
        Settings settings = settings().with(Field.MODEL, "text-embedding-4");

        CallResult result = fixture.calls().call(openai.embeddings(settings, List.of("Alien (1979)")),
                CallContext.job("run-1"));

        Outcome.Failure failure = PipelineFixture.failure(result);
        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("model_not_found");
        assertThat(failure.message()).contains("text-embedding-4");
        assertThat(failure.action()).contains("model");
        assertThat(fixture.server.lastRequest().method()).isEqualTo("POST");
        assertThat(fixture.server.lastRequest().body())
                .isEqualTo("{\"model\":\"text-embedding-4\",\"input\":[\"Alien (1979)\"]}");
        assertThat(fixture.lastRecorded().jobRunId()).isEqualTo("run-1");
        assertNoKeyRecorded();
    }

    @Test
    void an_invalid_url_is_a_configuration_error_about_the_base_url() {
        fixture.server.answer(Response.json(404, "{\"error\":{\"message\":\"Invalid URL (GET /v1/v1/models)\","
                + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}"));

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("invalid_request_error");
        assertThat(failure.message()).contains("base URL");
    }

    static Stream<Arguments> pacingHeaders() {
        return Stream.of(
                Arguments.of(new String[] {"retry-after-ms", "1500", "retry-after", "2"}, 1500L),
                Arguments.of(new String[] {"retry-after", "20"}, 20_000L),
                Arguments.of(new String[] {"retry-after", "Sat, 14 Mar 2026 15:09:56 GMT"}, 30_000L),
                Arguments.of(new String[] {"x-ratelimit-remaining-requests", "3499", "x-ratelimit-reset-requests",
                        "17ms", "x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "18.642s"}, 18_642L),
                Arguments.of(new String[] {"x-ratelimit-remaining-requests", "5", "x-ratelimit-reset-requests", "1s",
                        "x-ratelimit-remaining-tokens", "900", "x-ratelimit-reset-tokens", "6m0s"}, 1_000L),
                Arguments.of(new String[] {"x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-requests", "2s",
                        "x-ratelimit-reset-tokens", "6m0s"}, null),
                Arguments.of(new String[] {"retry-after", "3600"}, null),
                Arguments.of(new String[] {"retry-after-ms", "-5"}, null),
                Arguments.of(new String[0], null));
    }

    @ParameterizedTest
    @MethodSource("pacingHeaders")
    void a_rate_limit_resets_after_the_server_delay_only_when_it_is_trustworthy(String[] headers, Long millis) {
        fixture.server.answer(Response.json(429, "{\"error\":{\"message\":\"Rate limit reached for "
                + "text-embedding-3-small in organization org-abc on tokens per min (TPM): Limit 1000000, Used 999000, "
                + "Requested 2000. Please try again in 60ms.\",\"type\":\"tokens\",\"param\":null,"
                + "\"code\":\"rate_limit_exceeded\"}}", headers));

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.RATE_LIMIT);
        assertThat(failure.code()).isEqualTo("rate_limit_exceeded");
        assertThat(failure.resetAt()).isEqualTo(millis == null ? java.util.Optional.empty()
                : java.util.Optional.of(fixture.clock.instant().plusMillis(millis)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"insufficient_quota", "credit_balance_exhausted", "monthly_spend_limit_exceeded",
            "project_usage_limit_exceeded"})
    void billing_limits_are_rate_limits_that_waiting_will_not_fix(String code) {
        fixture.server.answer(Response.json(429, "{\"error\":{\"message\":\"You exceeded your current quota, please "
                + "check your plan and billing details.\",\"type\":\"" + code + "\",\"param\":null,\"code\":\"" + code
                + "\"}}", "retry-after", "20"));

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.RATE_LIMIT);
        assertThat(failure.code()).isEqualTo(code);
        assertThat(failure.resetAt()).isEmpty();
        assertThat(failure.message()).contains("will not fix");
        assertThat(failure.action()).contains("https://platform.openai.com/settings/organization/billing")
                .contains("Waiting will not fix");
    }

    @Test
    void pacing_and_billing_are_told_apart_by_code_not_by_message() {
        fixture.server.answer(Response.json(429, "{\"error\":{\"message\":\"You exceeded your current quota\","
                + "\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}", "retry-after", "5"));

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.resetAt()).contains(fixture.clock.instant().plusSeconds(5));
        assertThat(failure.message()).doesNotContain("will not fix");
    }

    static Stream<Arguments> outages() {
        return Stream.of(
                Arguments.of(Response.json(500, "{\"error\":{\"message\":\"The server had an error while processing "
                        + "your request. Sorry about that!\",\"type\":\"server_error\",\"param\":null,"
                        + "\"code\":\"server_error\"}}"), "server_error"),
                Arguments.of(Response.json(503, "{\"error\":{\"message\":\"The engine is currently overloaded, please "
                        + "try again later.\",\"type\":\"server_error\",\"param\":null,\"code\":null}}"), "server_error"),
                Arguments.of(Response.json(502, "{\"error\":{\"code\":\"cf_bad_gateway\",\"message\":\"Bad gateway.\","
                        + "\"param\":null,\"type\":\"cf_bad_gateway\"}}"), "cf_bad_gateway"),
                Arguments.of(Response.html(502, "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                        + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n"
                        + "</html>\r\n", "Server", "cloudflare", "CF-RAY", "8c1a2b3c4d5e6f70-FRA"), "502"),
                Arguments.of(Response.html(522, "<!DOCTYPE html><html><head><title>api.openai.com | 522: Connection "
                        + "timed out</title></head><body>Error code 522</body></html>", "Server", "cloudflare"),
                        "cloudflare_522"),
                Arguments.of(Response.of(502, null, ""), "502"));
    }

    @ParameterizedTest
    @MethodSource("outages")
    void server_errors_and_cdn_pages_are_outages(Response response, String code) {
        fixture.server.answer(response);

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.OUTAGE);
        assertThat(failure.code()).isEqualTo(code);
        assertThat(failure.httpStatus()).isEqualTo(response.status());
    }

    @Test
    void a_cloudflare_1015_page_is_a_rate_limit() {
        fixture.server.answer(Response.html(429, "<!DOCTYPE html><html><head><title>Access denied | api.openai.com "
                + "used Cloudflare to restrict access</title></head><body><h1>Error 1015</h1><h2>You are being rate "
                + "limited</h2></body></html>", "Server", "cloudflare", "Retry-After", "60"));

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.RATE_LIMIT);
        assertThat(failure.resetAt()).contains(fixture.clock.instant().plusSeconds(60));
    }

    @Test
    void an_html_page_with_200_means_a_wrong_base_url() {
        fixture.server.answer(Response.html(200, "<!doctype html><html><head><title>Open WebUI</title></head>"
                + "<body><div id=\"app\"></div></body></html>"));

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.httpStatus()).isEqualTo(200);
        assertThat(failure.message()).contains("base URL");
    }

    @Test
    void truncated_json_with_200_is_an_outage() {
        fixture.server.answer(Response.json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-"));

        assertThat(PipelineFixture.failure(fixture.probe(settings())).code()).isEqualTo("invalid_json");
    }

    @Test
    void a_refused_connection_to_a_public_service_is_an_outage() throws IOException {
        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings("http://127.0.0.1:" + PipelineFixture.closedPort() + "/v1")));

        assertThat(failure.type()).isEqualTo(ErrorType.OUTAGE);
        assertThat(failure.code()).isEqualTo("connection_refused");
        assertThat(failure.httpStatus()).isNull();
        assertNoKeyRecorded();
    }

    @Test
    void an_unknown_host_of_a_public_service_is_an_outage() {
        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings("http://nonexistent.invalid/v1")));

        assertThat(failure.type()).isEqualTo(ErrorType.OUTAGE);
        assertThat(failure.code()).isEqualTo("unknown_host");
    }

    @Test
    void https_to_a_plain_http_port_is_a_configuration_error() {
        Outcome.Failure failure;
        try (PlainHttpPort plain = new PlainHttpPort()) {
            failure = PipelineFixture.failure(fixture.probe(settings("https://127.0.0.1:" + plain.port() + "/v1")));
        }

        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("tls_plaintext");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:11434/v1", "https://api.openai .com/v1"})
    void a_base_url_the_client_cannot_send_to_is_a_configuration_error(String base) {
        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings(base)));

        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("invalid_url");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[]", "null", "{\"error\":[1,2]}", "{\"error\":{\"code\":{\"x\":1}}}",
            "{\"error\":\"model 'nomic' not found, try pulling it first\"}", "{\"detail\":\"Not Found\"}"})
    void the_classifier_never_throws_on_odd_bodies(String body) {
        for (int status : new int[] {200, 204, 400, 401, 403, 404, 409, 418, 422, 429, 500, 503, 599}) {
            dev.aperture.testing.OddReplies.assertExplained(openai.classifier().classify(openai.probe(settings()),
                    Answer.Reply.of(status, body), fixture.clock.instant()), status, body, KEY);
        }
    }

    private Settings settings() {
        return settings(fixture.server.baseUrl() + "/v1");
    }

    private static Settings settings(String base) {
        return Settings.empty().with(Field.BASE_URL, base).withSecret(Field.API_KEY, Secret.of(KEY));
    }




    /** OpenAI quotes key fragments back ("sk-proj-***SJh4"): none may survive, and no header may carry a key. */
    private void assertNoKeyRecorded() {
        fixture.assertLastRecordedOmits(KEY, "SJh4");
        assertThat(fixture.lastRecorded().details().headers().values()).noneMatch(v -> v.contains("sk-"));
    }
}
