package dev.aperture.integrations.mdblist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.calls.CallContext;
import dev.aperture.calls.CallRequest;
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
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MdblistIntegrationTest {

    private static final String KEY = "k3yfr0mmdbl1st0000000000";
    private static final Instant MIDNIGHT = Instant.parse("2026-03-15T00:00:00Z");
    private static final String USER = "{\"api_requests\":1000,\"api_requests_count\":12,\"user_id\":4242,"
            + "\"patron_status\":\"active_patron\"}";

    private final MdblistIntegration mdblist = new MdblistIntegration();
    private final PipelineFixture fixture = new PipelineFixture(mdblist);

    @AfterEach
    void close() {
        fixture.close();
    }

    private Settings settings(String base) {
        return Settings.empty().with(Field.BASE_URL, base).withSecret(Field.API_KEY, Secret.of(KEY));
    }

    private Settings settings() {
        return settings(fixture.server.baseUrl());
    }

    private CallResult job(CallRequest request) {
        return fixture.calls().call(request, CallContext.job("run-1"));
    }

    private Outcome.Failure failure(CallResult result) {
        assertThat(result.outcome()).isInstanceOf(Outcome.Failure.class);
        Outcome.Failure failure = (Outcome.Failure) result.outcome();
        assertThat(failure.message() + failure.code() + failure.action() + failure.subject()).doesNotContain(KEY);
        RequestDetails details = fixture.lastRecorded().details();
        assertThat(details.url() + details.headers() + details.responseExcerpt()).doesNotContain(KEY);
        return failure;
    }

    private static Response json(int status, String body, Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.putAll(extra);
        return new Response(status, body, headers);
    }

    @Test
    void the_probe_reads_the_user_with_the_key_in_the_apikey_parameter() {
        fixture.server.answer("/user", json(200, USER, Map.of("X-RateLimit-Limit", "1000",
                "X-RateLimit-Remaining", "988", "X-RateLimit-Reset", String.valueOf(MIDNIGHT.getEpochSecond()))));

        CallResult result = fixture.probe(settings());

        assertThat(result.outcome()).isEqualTo(new Outcome.Success(200));
        assertThat(fixture.server.lastRequest().path()).isEqualTo("/user");
        assertThat(fixture.server.lastRequest().query()).isEqualTo("apikey=" + KEY);
    }

    @Test
    void the_integration_describes_its_settings() {
        assertThat(mdblist.defaultBaseUrl()).isEqualTo("https://api.mdblist.com");
        assertThat(mdblist.required()).containsExactly(Field.API_KEY);
        assertThat(mdblist.selfHosted()).isFalse();
        assertThat(mdblist.probe(Settings.empty().withSecret(Field.API_KEY, Secret.of(KEY))).uri().toString())
                .isEqualTo("https://api.mdblist.com/user?apikey=" + KEY);
    }

    @Test
    void the_last_request_of_the_day_still_succeeds_with_no_requests_remaining() {
        fixture.server.answer("/lists/", json(200, "[{\"id\":1,\"title\":\"Heat\",\"imdb_id\":\"tt0113277\"}]",
                Map.of("X-RateLimit-Limit", "1000", "X-RateLimit-Remaining", "0")));

        assertThat(job(mdblist.listItems(settings(), "12345")).ok()).isTrue();
        assertThat(fixture.recorded).isEmpty();
    }

    @Test
    void an_empty_list_not_yet_populated_is_not_an_error() {
        fixture.server.answer("/lists/", Response.json(200, "{\"error\":\"empty\"}"));

        assertThat(job(mdblist.listItems(settings(), "12345")).outcome()).isEqualTo(new Outcome.Success(200));
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {401, 403})
    void an_invalid_key_is_an_authentication_error_asking_to_update_the_key(int http) {
        fixture.server.answer(Response.json(http, "{\"error\":\"Invalid API key!\"}"));

        Outcome.Failure failure = failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(failure.code()).isEqualTo(String.valueOf(http));
        assertThat(failure.httpStatus()).isEqualTo(http);
        assertThat(failure.message()).contains("MDBList").contains("Invalid API key");
        assertThat(failure.action()).doesNotStartWith("Update key").contains("https://mdblist.com/preferences/");
    }

    @ParameterizedTest(name = "Retry-After \"{0}\", X-RateLimit-Reset \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "3600|1773532800|2026-03-14T16:09:26Z",
            "|1773525600|2026-03-14T22:00:00Z",
            "||2026-03-15T00:00:00Z"})
    void the_daily_limit_resets_at_retry_after_else_x_ratelimit_reset_else_midnight_utc(
            String retryAfter, String reset, Instant expected) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-RateLimit-Limit", "1000");
        headers.put("X-RateLimit-Remaining", "0");
        if (retryAfter != null) {
            headers.put("Retry-After", retryAfter);
        }
        if (reset != null) {
            headers.put("X-RateLimit-Reset", reset);
        }
        fixture.server.answer(json(429, "{\"error\":\"Daily API limit exceeded!\"}", headers));

        Outcome.Failure failure = failure(job(mdblist.listItems(settings(), "12345")));

        assertThat(failure.type()).isEqualTo(ErrorType.RATE_LIMIT);
        assertThat(failure.code()).isEqualTo("429");
        assertThat(failure.httpStatus()).isEqualTo(429);
        assertThat(failure.message()).contains("Daily API limit exceeded!").contains("1000");
        assertThat(failure.resetAt()).contains(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"12345|12345", "linaspurinis/top-watched-movies-of-the-week|"
            + "linaspurinis/top-watched-movies-of-the-week"})
    void a_deleted_or_private_list_is_a_configuration_error_of_that_list(String list, String subject) {
        fixture.server.answer("/lists/", Response.json(404, "{\"error\":\"List not found\"}"));

        Outcome.Failure failure = failure(job(mdblist.get(settings(), "/lists/" + list + "/items", Map.of())));

        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("404");
        assertThat(failure.httpStatus()).isEqualTo(404);
        assertThat(failure.subject()).isEqualTo(subject);
        assertThat(failure.message()).startsWith("List not found: deleted or private");
        assertThat(failure.action()).startsWith("Select a different list");
    }

    @Test
    void the_subject_set_by_the_caller_names_the_list() {
        fixture.server.answer("/lists/", Response.json(404, ""));

        Outcome.Failure failure = failure(job(mdblist.listItems(settings(), "777").withSubject("Best of 2025")));

        assertThat(failure.subject()).isEqualTo("Best of 2025");
    }

    @Test
    void a_404_on_the_probe_means_a_wrong_base_url_and_elsewhere_a_normal_miss() {
        fixture.server.answer(Response.json(404, "{\"error\":\"Not found\"}"));

        Outcome.Failure failure = failure(fixture.probe(settings(fixture.server.baseUrl() + "/api")));
        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.action()).contains("base URL");

        fixture.recorded.clear();
        CallResult miss = job(mdblist.get(settings(), "/imdb/movie/tt0000000", Map.of()));
        assertThat(miss.outcome()).isInstanceOf(Outcome.NotFound.class);
        assertThat(fixture.recorded).isEmpty();
    }

    @ParameterizedTest(name = "HTTP {0}")
    @CsvSource(delimiter = '|', value = {"500|", "502|{\"error\":\"Bad gateway\"}", "503|"})
    void server_errors_are_outages(int http, String body) {
        fixture.server.answer(Response.json(http, body == null ? "" : body));

        Outcome.Failure failure = failure(job(mdblist.listItems(settings(), "12345")));

        assertThat(failure.type()).isEqualTo(ErrorType.OUTAGE);
        assertThat(failure.code()).isEqualTo(String.valueOf(http));
        assertThat(failure.httpStatus()).isEqualTo(http);
    }

    @Test
    void a_cloudflare_error_page_is_an_outage_and_an_html_200_a_wrong_base_url() {
        fixture.server.answer(Response.html(502, "<!DOCTYPE html><html><title>api.mdblist.com | 502: Bad gateway"
                + "</title></html>", "Server", "cloudflare", "CF-RAY", "8a1b2c3d4e5f6789-WAW"));
        assertThat(failure(fixture.probe(settings())).type()).isEqualTo(ErrorType.OUTAGE);

        fixture.server.answer(Response.html(200, "<!doctype html><html><title>MDBList</title></html>"));
        Outcome.Failure failure = failure(fixture.probe(settings()));
        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("html_response");
    }

    @Test
    void truncated_json_in_a_200_is_an_outage() {
        fixture.server.answer(Response.json(200, "[{\"id\":1,\"title\":\"He"));

        Outcome.Failure failure = failure(job(mdblist.listItems(settings(), "12345")));

        assertThat(failure.type()).isEqualTo(ErrorType.OUTAGE);
        assertThat(failure.code()).isEqualTo("invalid_response");
    }

    @Test
    void connection_refused_is_an_outage_of_a_public_service() throws Exception {
        int port = PipelineFixture.closedPort();

        Outcome.Failure failure = failure(fixture.probe(settings("http://127.0.0.1:" + port)));

        assertThat(failure.type()).isEqualTo(ErrorType.OUTAGE);
        assertThat(failure.code()).isEqualTo("connection_refused");
        assertThat(failure.httpStatus()).isNull();
    }
}
