package dev.aperture.integrations.omdb;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OmdbIntegrationTest {

    private static final String KEY = "f00dcafe";
    private static final Instant NEXT_MIDNIGHT_UTC = Instant.parse("2026-03-15T00:00:00Z");
    private static final String MOVIE = "{\"Title\":\"Guardians of the Galaxy Vol. 2\",\"Year\":\"2017\","
            + "\"imdbID\":\"tt3896198\",\"Ratings\":[{\"Source\":\"Rotten Tomatoes\",\"Value\":\"85%\"}],"
            + "\"Response\":\"True\"}";

    private final OmdbIntegration omdb = new OmdbIntegration();
    private final PipelineFixture fixture = new PipelineFixture(omdb);

    @AfterEach
    void close() {
        fixture.close();
    }

    private Settings settings(String base) {
        return Settings.empty().with(Field.BASE_URL, base).withSecret(Field.API_KEY, Secret.of(KEY));
    }

    private Settings settings() {
        return settings(fixture.server.baseUrl() + "/");
    }

    private static String error(String text) {
        return "{\"Response\":\"False\",\"Error\":\"" + text + "\"}";
    }

    private CallResult lookup(String imdbId) {
        return fixture.calls().call(omdb.get(settings(), Map.of("i", imdbId)), CallContext.job("run-1"));
    }

    private Outcome.Failure failure(CallResult result) {
        assertThat(result.outcome()).isInstanceOf(Outcome.Failure.class);
        Outcome.Failure failure = (Outcome.Failure) result.outcome();
        assertThat(failure.message() + failure.code() + failure.action()).doesNotContain(KEY);
        RequestDetails details = fixture.lastRecorded().details();
        assertThat(details.url() + details.headers() + details.responseExcerpt()).doesNotContain(KEY);
        return failure;
    }

    @Test
    void the_probe_looks_up_a_known_title_with_the_key_in_the_apikey_parameter() {
        fixture.server.answer(Response.json(200, MOVIE));

        CallResult result = fixture.probe(settings());

        assertThat(result.outcome()).isEqualTo(new Outcome.Success(200));
        assertThat(fixture.server.lastRequest().path()).isEqualTo("/");
        assertThat(fixture.server.lastRequest().query()).contains("apikey=" + KEY).contains("i=tt3896198");
        assertThat(omdb.probeCostsQuota()).isTrue();
    }

    @Test
    void the_integration_describes_its_settings() {
        assertThat(omdb.defaultBaseUrl()).isEqualTo("https://www.omdbapi.com/");
        assertThat(omdb.required()).containsExactly(Field.API_KEY);
        assertThat(omdb.selfHosted()).isFalse();
        assertThat(omdb.probe(Settings.empty().withSecret(Field.API_KEY, Secret.of(KEY))).uri().toString())
                .isEqualTo("https://www.omdbapi.com/?apikey=" + KEY + "&i=tt3896198");
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {401, 200})
    void an_invalid_key_is_an_authentication_error_telling_to_verify_the_email(int http) {
        fixture.server.answer(Response.json(http, error("Invalid API key!")));

        Outcome.Failure failure = failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(failure.code()).isEqualTo("Invalid API key!");
        assertThat(failure.httpStatus()).isEqualTo(http);
        assertThat(failure.message()).contains("OMDb").contains("not activated");
        assertThat(failure.action()).contains("Verify email").contains("activated from the link");
    }

    @Test
    void no_api_key_provided_is_an_authentication_error_asking_for_the_key() {
        fixture.server.answer(Response.json(401, error("No API key provided.")));

        Outcome.Failure failure = failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(failure.code()).isEqualTo("No API key provided.");
        assertThat(failure.action()).contains("Enter your OMDb API key");
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {401, 200})
    void request_limit_reached_is_a_rate_limit_resetting_at_midnight_utc(int http) {
        fixture.server.answer(Response.json(http, error("Request limit reached!")));

        Outcome.Failure failure = failure(lookup("tt0111161"));

        assertThat(failure.type()).isEqualTo(ErrorType.RATE_LIMIT);
        assertThat(failure.code()).isEqualTo("Request limit reached!");
        assertThat(failure.httpStatus()).isEqualTo(http);
        assertThat(failure.resetAt()).contains(NEXT_MIDNIGHT_UTC);
        assertThat(failure.action()).contains("Wait until midnight UTC");
        assertThat(fixture.lastRecorded().jobRunId()).isEqualTo("run-1");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Movie not found!", "Series or episode not found!", "Incorrect IMDb ID.", "Too many results."})
    void per_item_misses_are_normal_and_never_recorded(String text) {
        fixture.server.answer(Response.json(200, error(text)));

        CallResult result = lookup("tt0000000");

        assertThat(result.outcome()).isInstanceOf(Outcome.NotFound.class);
        assertThat(((Outcome.NotFound) result.outcome()).what()).contains(text).contains("i=tt0000000")
                .doesNotContain(KEY);
        assertThat(fixture.recorded).isEmpty();
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {520, 521, 522, 523, 524})
    void cloudflare_error_pages_are_outages(int http) {
        fixture.server.answer(Response.html(http, "<!DOCTYPE html><html><head><title>www.omdbapi.com | " + http
                        + ": Web server is down</title></head><body>Cloudflare Ray ID: 8a1b2c3d4e5f6789</body></html>",
                "Server", "cloudflare", "CF-RAY", "8a1b2c3d4e5f6789-FRA"));

        Outcome.Failure failure = failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.OUTAGE);
        assertThat(failure.code()).isEqualTo("cloudflare_" + http);
        assertThat(failure.httpStatus()).isEqualTo(http);
    }

    @Test
    void a_cloudflare_1015_page_is_a_rate_limit() {
        fixture.server.answer(Response.html(429, "<html><title>Access denied | www.omdbapi.com used Cloudflare to "
                + "restrict access</title><h1>Error 1015</h1><h2>You are being rate limited</h2></html>",
                "Server", "cloudflare", "CF-RAY", "8a1b2c3d4e5f6789-FRA", "Retry-After", "60"));

        Outcome.Failure failure = failure(lookup("tt0111161"));

        assertThat(failure.type()).isEqualTo(ErrorType.RATE_LIMIT);
        assertThat(failure.resetAt()).contains(fixture.clock.instant().plusSeconds(60));
    }

    @Test
    void a_cloudflare_block_page_is_not_mistaken_for_a_bad_key() {
        fixture.server.answer(Response.html(403, "<html><title>Attention Required! | Cloudflare</title>"
                + "<h1>Sorry, you have been blocked</h1></html>", "Server", "cloudflare"));

        Outcome.Failure failure = failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.RATE_LIMIT);
        assertThat(failure.code()).isEqualTo("cdn_blocked");
    }

    @ParameterizedTest(name = "HTTP {0} {1}")
    @CsvSource(delimiter = '|', value = {"503|text/plain|Service Unavailable", "500||", "502|application/json|"})
    void server_errors_without_an_omdb_body_are_outages(int http, String contentType, String body) {
        fixture.server.answer(Response.of(http, contentType, body == null ? "" : body));

        Outcome.Failure failure = failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.OUTAGE);
        assertThat(failure.code()).isEqualTo(String.valueOf(http));
        assertThat(failure.httpStatus()).isEqualTo(http);
    }

    @Test
    void a_backend_hiccup_inside_a_200_is_an_outage() {
        fixture.server.answer(Response.json(200, error("Error getting data.")));

        Outcome.Failure failure = failure(lookup("tt0111161"));

        assertThat(failure.type()).isEqualTo(ErrorType.OUTAGE);
        assertThat(failure.code()).isEqualTo("Error getting data.");
    }

    @Test
    void truncated_json_in_a_200_is_an_outage_and_in_a_401_an_authentication_error() {
        fixture.server.answer(Response.json(200, "{\"Title\":\"Guardians of the Gal"));
        assertThat(failure(lookup("tt3896198")).code()).isEqualTo("invalid_response");

        fixture.server.answer(Response.json(401, "{\"Response\":\"False\",\"Err"));
        Outcome.Failure failure = failure(fixture.probe(settings()));
        assertThat(failure.type()).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(failure.code()).isEqualTo("401");
    }

    @Test
    void an_html_200_means_the_base_url_is_a_website_not_the_api() {
        fixture.server.answer(Response.html(200, "<!DOCTYPE html><html><title>OMDb API - The Open Movie Database</title>"));

        Outcome.Failure failure = failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.action()).contains("base URL");
    }

    @Test
    void a_key_echoed_by_the_server_is_scrubbed_from_what_is_recorded() {
        fixture.server.answer(Response.json(401, error("Invalid API key!") .replace("}", ",\"apikey\":\"" + KEY + "\"}")));

        failure(fixture.probe(settings()));

        assertThat(fixture.lastRecorded().details().url()).doesNotContain("apikey");
    }

    @Test
    void connection_refused_is_an_outage_of_a_public_service() throws Exception {
        int port = PipelineFixture.closedPort();

        Outcome.Failure failure = failure(fixture.probe(settings("http://127.0.0.1:" + port + "/")));

        assertThat(failure.type()).isEqualTo(ErrorType.OUTAGE);
        assertThat(failure.code()).isEqualTo("connection_refused");
        assertThat(failure.httpStatus()).isNull();
    }
}
