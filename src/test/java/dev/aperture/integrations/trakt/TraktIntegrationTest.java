package dev.aperture.integrations.trakt;

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
import dev.aperture.testing.FakeServer.Recorded;
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

class TraktIntegrationTest {

    private static final String CLIENT_ID = "9b36d8c0db59eff5038aea7a417d73e69aea75b41aac771816d2ef1b3109cc2f";
    private static final String CLIENT_SECRET = "d6ea27703957b69939b8104ed4524595e210cd2e79af587744a7eb6e58f5b3d2";
    private static final String ACCESS_TOKEN = "dbaf9757982a9e738f05d249b7b5b4a266b3a139049317c4909f2f263572c781";
    private static final String REFRESH_TOKEN = "76ba4c5c75c96f6087f58a4de10be6c00b29ea1ddc3b2022ee2016d1363e3a7c";
    private static final String[] SECRETS = {CLIENT_ID, CLIENT_SECRET, ACCESS_TOKEN, REFRESH_TOKEN};

    private final TraktIntegration trakt = new TraktIntegration();
    private final PipelineFixture fixture = new PipelineFixture(trakt);

    @AfterEach
    void close() {
        fixture.close();
    }

    private Settings settings(String base) {
        return Settings.empty().with(Field.BASE_URL, base).with(Field.CLIENT_ID, CLIENT_ID)
                .withSecret(Field.CLIENT_SECRET, Secret.of(CLIENT_SECRET));
    }

    private Settings settings() {
        return settings(fixture.server.baseUrl());
    }

    private CallResult job(CallRequest request) {
        return fixture.calls().call(request, CallContext.job("run-1"));
    }

    private CallResult ratings() {
        return job(trakt.userGet(settings(), "/sync/ratings/movies", Secret.of(ACCESS_TOKEN), "alice"));
    }

    private Outcome.Failure failure(CallResult result) {
        assertThat(result.outcome()).isInstanceOf(Outcome.Failure.class);
        Outcome.Failure failure = (Outcome.Failure) result.outcome();
        RequestDetails details = fixture.lastRecorded().details();
        String recorded = failure.message() + failure.code() + failure.action()
                + details.url() + details.headers() + details.responseExcerpt();
        for (String secret : SECRETS) {
            assertThat(recorded).doesNotContain(secret);
        }
        return failure;
    }

    @Test
    void every_call_sends_json_content_type_a_user_agent_the_client_id_and_api_version_2() {
        fixture.server.answer("/genres/movies", Response.json(200, "[{\"name\":\"Action\",\"slug\":\"action\"}]"));

        CallResult result = fixture.probe(settings());

        assertThat(result.outcome()).isEqualTo(new Outcome.Success(200));
        Recorded sent = fixture.server.lastRequest();
        assertThat(sent.path()).isEqualTo("/genres/movies");
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        assertThat(sent.header("User-Agent")).isEqualTo("Aperture/0.1");
        assertThat(sent.header("trakt-api-key")).isEqualTo(CLIENT_ID);
        assertThat(sent.header("trakt-api-version")).isEqualTo("2");
        assertThat(sent.header("Authorization")).isNull();
    }

    @Test
    void the_integration_describes_its_settings() {
        assertThat(trakt.defaultBaseUrl()).isEqualTo("https://api.trakt.tv");
        assertThat(trakt.fields()).containsExactly(Field.BASE_URL, Field.CLIENT_ID, Field.CLIENT_SECRET);
        assertThat(trakt.required()).containsExactly(Field.CLIENT_ID, Field.CLIENT_SECRET);
        assertThat(trakt.selfHosted()).isFalse();
        assertThat(trakt.isConfigured(Settings.empty().with(Field.CLIENT_ID, CLIENT_ID))).isFalse();
    }

    @ParameterizedTest(name = "body \"{0}\"")
    @ValueSource(strings = {"", "{\"error\":\"Invalid API key or unapproved app\"}"})
    void a_json_or_empty_403_is_an_invalid_client_id(String body) {
        fixture.server.answer(Response.json(403, body));

        Outcome.Failure failure = failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(failure.code()).isEqualTo("403");
        assertThat(failure.httpStatus()).isEqualTo(403);
        assertThat(failure.action()).startsWith("Reconfigure in Aperture");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "Server|cloudflare|<h1>Sorry, you have been blocked</h1>",
            "X-Nothing|here|<body><div id=\"cf-error-details\"><h1>Error 1020</h1><p>Access denied</p>"
                    + "<p>Cloudflare Ray ID: 8f1c2a3b4d5e6f70</p></div></body>"})
    void an_html_403_is_a_cloudflare_block_not_a_bad_client_id(String header, String value, String page) {
        fixture.server.answer(Response.html(403, "<!DOCTYPE html><html>" + page + "</html>", header, value));

        Outcome.Failure failure = failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.RATE_LIMIT);
        assertThat(failure.code()).isEqualTo("cdn_blocked");
    }

    @Test
    void an_expired_user_token_is_an_authentication_error_asking_the_user_to_reauthenticate() {
        fixture.server.answer(new Response(401, "", Map.of("WWW-Authenticate",
                "Bearer realm=\"trakt\", error=\"invalid_token\","
                        + " error_description=\"The access token provided is invalid\"")));

        Outcome.Failure failure = failure(ratings());

        assertThat(fixture.server.lastRequest().header("Authorization")).isEqualTo("Bearer " + ACCESS_TOKEN);
        assertThat(failure.type()).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(failure.code()).isEqualTo("invalid_token");
        assertThat(failure.httpStatus()).isEqualTo(401);
        assertThat(failure.subject()).isEqualTo("alice");
        assertThat(failure.message()).contains("re-authorize");
        assertThat(failure.action()).contains("re-authenticates");
    }

    @Test
    void a_refused_refresh_is_invalid_grant_and_the_user_must_reauthorize() {
        fixture.server.answer("/oauth/token", Response.json(400, "{\"error\":\"invalid_grant\",\"error_description\":"
                + "\"The provided authorization grant is invalid, expired, revoked, does not match the redirection URI "
                + "used in the authorization request, or was issued to another client.\"}"));

        Outcome.Failure failure = failure(job(trakt.refresh(settings(), Secret.of(REFRESH_TOKEN), "alice")));

        Recorded sent = fixture.server.lastRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.body()).contains("\"grant_type\":\"refresh_token\"").contains(REFRESH_TOKEN);
        assertThat(failure.type()).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(failure.code()).isEqualTo("invalid_grant");
        assertThat(failure.httpStatus()).isEqualTo(400);
        assertThat(failure.message()).contains("refresh refused").contains("re-authorize");
    }

    @Test
    void an_older_401_with_invalid_grant_in_www_authenticate_is_the_same_refused_refresh() {
        fixture.server.answer("/oauth/token", new Response(401, "", Map.of("WWW-Authenticate",
                "Bearer realm=\"trakt\", error=\"invalid_grant\","
                        + " error_description=\"The provided authorization grant is invalid\"")));

        Outcome.Failure failure = failure(job(trakt.refresh(settings(), Secret.of(REFRESH_TOKEN), "alice")));

        assertThat(failure.code()).isEqualTo("invalid_grant");
        assertThat(failure.httpStatus()).isEqualTo(401);
    }

    @Test
    void invalid_client_on_the_token_endpoint_means_the_client_id_or_secret_is_wrong() {
        fixture.server.answer("/oauth/token", Response.json(401, "{\"error\":\"invalid_client\",\"error_description\":"
                + "\"Client authentication failed due to unknown client, no client authentication included, or "
                + "unsupported authentication method.\"}"));

        Outcome.Failure failure = failure(job(trakt.refresh(settings(), Secret.of(REFRESH_TOKEN), "alice")));

        assertThat(failure.type()).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(failure.code()).isEqualTo("invalid_client");
        assertThat(failure.message()).contains("invalid credentials");
        assertThat(failure.action()).startsWith("Reconfigure in Aperture");
    }

    @Test
    void account_limit_420_is_a_rate_limit_that_waiting_does_not_fix() {
        fixture.server.answer(new Response(420, "", Map.of("X-Account-Limit", "100", "X-VIP-User", "false")));

        Outcome.Failure failure = failure(ratings());

        assertThat(failure.type()).isEqualTo(ErrorType.RATE_LIMIT);
        assertThat(failure.code()).isEqualTo("420");
        assertThat(failure.resetAt()).isEmpty();
        assertThat(failure.message()).contains("account limit exceeded").contains("retrying does not help");
        assertThat(failure.action()).contains("VIP").contains("remove items");
    }

    @ParameterizedTest(name = "HTTP {0}")
    @CsvSource(delimiter = '|', value = {"423|AUTHENTICATION|locked", "426|CONFIGURATION|VIP"})
    void a_locked_account_and_a_vip_only_feature_name_their_cause(int http, ErrorType type, String word) {
        fixture.server.answer(Response.json(http, ""));

        Outcome.Failure failure = failure(ratings());

        assertThat(failure.type()).isEqualTo(type);
        assertThat(failure.code()).isEqualTo(String.valueOf(http));
        assertThat(failure.message()).contains(word);
    }

    @ParameterizedTest(name = "Retry-After \"{0}\", X-Ratelimit until \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "30||2026-03-14T15:09:56Z",
            "|2026-03-14T15:12:00Z|2026-03-14T15:12:00Z",
            "||2026-03-14T15:14:26Z"})
    void a_429_resets_after_retry_after_else_the_x_ratelimit_until_else_five_minutes(
            String retryAfter, String until, Instant expected) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (retryAfter != null) {
            headers.put("Retry-After", retryAfter);
        }
        if (until != null) {
            headers.put("X-Ratelimit", "{\"name\":\"AUTHED_API_GET_LIMIT\",\"period\":300,\"limit\":1000,"
                    + "\"remaining\":0,\"until\":\"" + until + "\"}");
        }
        fixture.server.answer(new Response(429, "", headers));

        Outcome.Failure failure = failure(ratings());

        assertThat(failure.type()).isEqualTo(ErrorType.RATE_LIMIT);
        assertThat(failure.code()).isEqualTo("429");
        assertThat(failure.resetAt()).contains(expected);
        assertThat(failure.action()).startsWith("Wait 5 minutes");
    }

    @ParameterizedTest(name = "HTTP {0}")
    @CsvSource(delimiter = '|', value = {"500|500", "502|502", "503|503", "504|504",
            "520|cloudflare_520", "521|cloudflare_521", "522|cloudflare_522"})
    void server_errors_and_cloudflare_statuses_are_outages(int http, String code) {
        fixture.server.answer(Response.json(http, ""));

        Outcome.Failure failure = failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.OUTAGE);
        assertThat(failure.code()).isEqualTo(code);
        assertThat(failure.httpStatus()).isEqualTo(http);
    }

    @Test
    void a_cloudflare_html_522_page_is_an_outage() {
        fixture.server.answer(Response.html(522, "<!DOCTYPE html><html><title>api.trakt.tv | 522: Connection timed out"
                + "</title></html>", "Server", "cloudflare", "CF-RAY", "8a1b2c3d4e5f6789-AMS"));

        Outcome.Failure failure = failure(ratings());

        assertThat(failure.type()).isEqualTo(ErrorType.OUTAGE);
        assertThat(failure.code()).isEqualTo("cloudflare_522");
    }

    @Test
    void a_missing_item_is_a_miss_but_a_404_on_the_probe_is_a_wrong_base_url() {
        fixture.server.answer(Response.json(404, ""));
        CallResult miss = job(trakt.userGet(settings(), "/movies/no-such-movie", Secret.of(ACCESS_TOKEN), "alice"));
        assertThat(miss.outcome()).isInstanceOf(Outcome.NotFound.class);
        assertThat(fixture.recorded).isEmpty();

        Outcome.Failure failure = failure(fixture.probe(settings(fixture.server.baseUrl() + "/v2")));
        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.action()).contains("base URL");
    }

    @Test
    void truncated_json_in_a_200_is_an_outage() {
        fixture.server.answer(Response.json(200, "[{\"rated_at\":\"2026-03-01T10:00:00.000Z\",\"rating\":8,\"mov"));

        Outcome.Failure failure = failure(ratings());

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
