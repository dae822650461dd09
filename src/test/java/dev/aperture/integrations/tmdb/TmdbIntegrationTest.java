package dev.aperture.integrations.tmdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.calls.CallContext;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.RequestDetails;
import dev.aperture.integrations.Field;
import dev.aperture.integrations.Settings;
import dev.aperture.secrets.Secret;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.PipelineFixture;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TmdbIntegrationTest {

    private static final String KEY = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJhMWIyYzNkNCJ9.c2lnbmF0dXJlLXNlY3JldA";

    private final TmdbIntegration tmdb = new TmdbIntegration();
    private final PipelineFixture fixture = new PipelineFixture(tmdb);

    @AfterEach
    void close() {
        fixture.close();
    }

    private Settings settings(String base, String key) {
        return Settings.empty().with(Field.BASE_URL, base).withSecret(Field.API_KEY, Secret.of(key));
    }

    private Settings settings() {
        return settings(fixture.server.baseUrl() + "/3", KEY);
    }

    private static String error(int code, String message) {
        return "{\"status_code\":" + code + ",\"status_message\":\"" + message + "\",\"success\":false}";
    }

    private CallResult lookup(String path) {
        return fixture.calls().call(tmdb.get(settings(), path, Map.of()), CallContext.job("run-1"));
    }

    private Outcome.Failure failure(CallResult result) {
        assertThat(result.outcome()).isInstanceOf(Outcome.Failure.class);
        Outcome.Failure failure = (Outcome.Failure) result.outcome();
        assertThat(failure.message() + failure.code() + failure.action()).doesNotContain(KEY).doesNotContain(TOKEN);
        RequestDetails details = fixture.lastRecorded().details();
        assertThat(details.url() + details.headers() + details.responseExcerpt()).doesNotContain(KEY).doesNotContain(TOKEN);
        return failure;
    }

    @Test
    void a_v3_key_goes_in_the_api_key_parameter_of_the_authentication_probe() {
        fixture.server.answer("/3/authentication",
                Response.json(200, "{\"success\":true,\"status_code\":1,\"status_message\":\"Success.\"}"));

        CallResult result = fixture.probe(settings());

        assertThat(result.outcome()).isEqualTo(new Outcome.Success(200));
        assertThat(fixture.server.lastRequest().path()).isEqualTo("/3/authentication");
        assertThat(fixture.server.lastRequest().query()).contains("api_key=" + KEY);
        assertThat(fixture.server.lastRequest().header("Authorization")).isNull();
    }

    @Test
    void a_read_access_token_is_sent_as_bearer_and_never_in_the_query() {
        fixture.server.answer("/3/authentication", Response.json(200, "{\"success\":true,\"status_code\":1}"));

        fixture.probe(settings(fixture.server.baseUrl() + "/3", TOKEN));

        assertThat(fixture.server.lastRequest().header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(fixture.server.lastRequest().query()).doesNotContain("api_key");
    }

    @Test
    void a_base_url_without_the_version_prefix_still_reaches_v3() {
        fixture.server.answer("/3/authentication", Response.json(200, "{\"success\":true,\"status_code\":1}"));

        CallResult result = fixture.probe(settings(fixture.server.baseUrl() + "/", KEY));

        assertThat(result.ok()).isTrue();
        assertThat(fixture.server.lastRequest().path()).isEqualTo("/3/authentication");
    }

    @Test
    void the_integration_describes_its_settings() {
        assertThat(tmdb.defaultBaseUrl()).isEqualTo("https://api.themoviedb.org/3");
        assertThat(tmdb.required()).containsExactly(Field.API_KEY);
        assertThat(tmdb.fields()).containsExactly(Field.BASE_URL, Field.API_KEY);
        assertThat(tmdb.selfHosted()).isFalse();
        assertThat(tmdb.providerSettingsUrl()).contains("https://www.themoviedb.org/settings/api");
        assertThat(tmdb.probe(Settings.empty().withSecret(Field.API_KEY, Secret.of(KEY))).uri().toString())
                .startsWith("https://api.themoviedb.org/3/authentication?api_key=");
    }

    // Codes, HTTP statuses and messages as TMDb's error table publishes them (developer.themoviedb.org/docs/errors).
    @ParameterizedTest(name = "status_code {0} with HTTP {1}")
    @CsvSource(delimiter = '|', value = {
            "7|401|Invalid API key: You must be granted a valid key.",
            "10|401|Suspended API key: Access to your account has been suspended, contact TMDB.",
            "31|401|Account disabled: Your account is no longer active. Contact TMDB if this is an error.",
            "3|401|Authentication failed: You do not have permissions to access the service.",
            "14|401|Authentication failed.",
            "16|401|Device denied.",
            "17|401|Session denied.",
            "30|401|Invalid username and/or password: You did not provide a valid login.",
            "32|401|Email not verified: Your email address has not been verified.",
            "33|401|Invalid request token: The request token is either expired or invalid.",
            "35|401|Invalid token.",
            "36|401|This token hasn't been granted write permission by the user.",
            "38|401|You don't have permission to edit this resource.",
            "39|401|This resource is private.",
            "45|403|This user has been suspended."})
    void credential_status_codes_are_authentication_errors_with_tmdbs_own_message(int code, int http, String message) {
        fixture.server.answer("/3/authentication", Response.json(http, error(code, message)));

        Outcome.Failure failure = failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(failure.code()).isEqualTo(String.valueOf(code));
        assertThat(failure.httpStatus()).isEqualTo(http);
        assertThat(failure.message()).startsWith("TMDb").contains(message);
        assertThat(failure.action()).contains("API key");
    }

    // All three are HTTP 404 in TMDb's error table (developer.themoviedb.org/docs/errors).
    @ParameterizedTest(name = "status_code {0}")
    @CsvSource(delimiter = '|', value = {
            "34|The resource you requested could not be found.",
            "6|Invalid id: The pre-requisite id is invalid or not found.",
            "37|The requested session could not be found."})
    void a_missing_item_is_a_normal_miss_and_records_nothing(int code, String message) {
        fixture.server.answer("/3/movie", Response.json(404, error(code, message)));

        CallResult result = lookup("/movie/99999999");

        assertThat(result.outcome()).isInstanceOf(Outcome.NotFound.class);
        assertThat(((Outcome.NotFound) result.outcome()).what()).contains("/3/movie/99999999");
        assertThat(fixture.recorded).isEmpty();
    }

    @Test
    void not_found_on_the_probe_means_a_wrong_base_url() {
        fixture.server.answer("/", Response.json(404, error(34, "The resource you requested could not be found.")));

        Outcome.Failure failure = failure(fixture.probe(settings(fixture.server.baseUrl() + "/tmdb/3", KEY)));

        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("34");
        assertThat(failure.httpStatus()).isEqualTo(404);
        assertThat(failure.action()).contains("base URL");
    }

    @Test
    void an_html_404_on_an_item_lookup_means_a_wrong_base_url_not_a_miss() {
        fixture.server.answer("/", Response.html(404, "<html><body><h1>404 Not Found</h1></body></html>"));

        Outcome.Failure failure = failure(lookup("/movie/550"));

        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("404");
    }

    @Test
    void status_code_25_is_a_rate_limit_resetting_after_retry_after() {
        fixture.server.answer("/3/movie", Response.json(429,
                error(25, "Your request count (41) is over the allowed limit of 40."), "Retry-After", "10"));

        Outcome.Failure failure = failure(lookup("/movie/550"));

        assertThat(failure.type()).isEqualTo(ErrorType.RATE_LIMIT);
        assertThat(failure.code()).isEqualTo("25");
        assertThat(failure.httpStatus()).isEqualTo(429);
        assertThat(failure.message()).contains("over the allowed limit of 40");
        assertThat(failure.resetAt()).contains(fixture.clock.instant().plusSeconds(10));
    }

    @Test
    void a_bare_429_with_an_http_date_retry_after_is_a_rate_limit_until_that_date() {
        fixture.server.answer("/3/movie", new Response(429, "", Map.of("Retry-After", "Sat, 14 Mar 2026 15:10:00 GMT")));

        Outcome.Failure failure = failure(lookup("/movie/550"));

        assertThat(failure.type()).isEqualTo(ErrorType.RATE_LIMIT);
        assertThat(failure.code()).isEqualTo("429");
        assertThat(failure.resetAt()).contains(Instant.parse("2026-03-14T15:10:00Z"));
    }

    @ParameterizedTest(name = "status_code {0} with HTTP {1}")
    @CsvSource(delimiter = '|', value = {
            "9|503|Service offline: This service is temporarily offline, try again later.",
            "46|503|The API is undergoing maintenance. Try again later.",
            "11|500|Internal error: Something went wrong, contact TMDB.",
            "15|500|Failed.",
            "44|500|The ID is invalid.",
            "24|504|Your request to the backend server timed out. Try again.",
            "43|502|Couldn't connect to the backend server.",
            "2|501|Invalid service: this service does not exist."})
    void server_side_status_codes_are_outages(int code, int http, String message) {
        fixture.server.answer("/3/movie", Response.json(http, error(code, message)));

        Outcome.Failure failure = failure(lookup("/movie/550"));

        assertThat(failure.type()).isEqualTo(ErrorType.OUTAGE);
        assertThat(failure.code()).isEqualTo(String.valueOf(code));
        assertThat(failure.httpStatus()).isEqualTo(http);
        assertThat(failure.message()).contains(message);
    }

    @Test
    void a_cloudfront_error_page_is_an_outage() {
        fixture.server.answer(Response.html(503, "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">"
                        + "<HTML><HEAD><TITLE>ERROR: The request could not be satisfied</TITLE></HEAD><BODY>"
                        + "<H1>503 ERROR</H1>Generated by cloudfront (CloudFront)</BODY></HTML>",
                "Server", "CloudFront", "X-Cache", "Error from cloudfront"));

        Outcome.Failure failure = failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.OUTAGE);
        assertThat(failure.httpStatus()).isEqualTo(503);
    }

    @Test
    void a_cloudfront_block_page_is_a_rate_limit_not_a_bad_key() {
        fixture.server.answer(Response.html(403, "<HTML><HEAD><TITLE>ERROR: The request could not be satisfied</TITLE>"
                + "</HEAD><BODY><H1>403 ERROR</H1>Request blocked. Generated by cloudfront (CloudFront)</BODY></HTML>"));

        Outcome.Failure failure = failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.RATE_LIMIT);
        assertThat(failure.code()).isEqualTo("cdn_blocked");
    }

    @Test
    void an_empty_500_is_an_outage_coded_by_http_status() {
        fixture.server.answer(Response.of(500, null, ""));

        Outcome.Failure failure = failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.OUTAGE);
        assertThat(failure.code()).isEqualTo("500");
        assertThat(failure.httpStatus()).isEqualTo(500);
    }

    @Test
    void truncated_json_on_a_401_is_still_an_authentication_error() {
        fixture.server.answer(Response.json(401, "{\"status_code\":7,\"status_mess"));

        Outcome.Failure failure = failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(failure.code()).isEqualTo("401");
    }

    @Test
    void a_200_that_is_not_json_is_an_outage_and_an_html_200_is_a_wrong_base_url() {
        fixture.server.answer("/3/movie", Response.of(200, "text/plain", "upstream hiccup"));
        assertThat(failure(lookup("/movie/550")).code()).isEqualTo("invalid_response");

        fixture.server.answer("/3/authentication", Response.html(200, "<!doctype html><title>Sign in</title>"));
        Outcome.Failure failure = failure(fixture.probe(settings()));
        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("html_response");
    }

    @Test
    void an_undocumented_4xx_is_a_configuration_error_naming_tmdbs_message() {
        // TMDb's error table (developer.themoviedb.org/docs/errors) lists code 22 with HTTP 400, not 422.
        fixture.server.answer("/3/discover", Response.json(400,
                error(22, "Invalid page: Pages start at 1 and max at 500. They are expected to be an integer.")));

        Outcome.Failure failure = failure(lookup("/discover/movie"));

        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("22");
        assertThat(failure.message()).contains("Invalid page");
    }

    @Test
    void a_key_echoed_in_an_error_body_is_scrubbed_from_message_and_excerpt() {
        fixture.server.answer(Response.json(401, error(7, "Invalid API key " + KEY + ": You must be granted a valid key.")));

        Outcome.Failure failure = failure(fixture.probe(settings()));

        assertThat(failure.message()).contains("[REDACTED]");
    }

    @Test
    void a_huge_success_body_is_cut_at_the_wire_cap_and_still_a_success() {
        fixture.server.answer("/3/movie", Response.json(200, "{\"results\":[\"" + "x".repeat(3 << 20) + "\"]}"));

        CallResult result = lookup("/movie/550/keywords");

        assertThat(result.ok()).isTrue();
        assertThat(fixture.recorded).isEmpty();
    }

    @Test
    void connection_refused_is_an_outage_of_a_public_service() throws Exception {
        int port = PipelineFixture.closedPort();

        Outcome.Failure failure = failure(fixture.probe(settings("http://127.0.0.1:" + port + "/3", KEY)));

        assertThat(failure.type()).isEqualTo(ErrorType.OUTAGE);
        assertThat(failure.code()).isEqualTo("connection_refused");
        assertThat(failure.httpStatus()).isNull();
        assertThat(failure.resetAt()).isEqualTo(Optional.empty());
    }
}
