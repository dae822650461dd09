package dev.aperture.integrations.mediaserver;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MediaServerIntegrationTest {

    private static final String KEY = "4f1c2e9a7b6d4c3e8a0f1b2c3d4e5f60";
    private static final String SYSTEM_INFO = "{\"OperatingSystemDisplayName\":\"Linux\",\"HasPendingRestart\":false,"
            + "\"IsShuttingDown\":false,\"ServerName\":\"nas\",\"Version\":\"10.10.7\",\"ProductName\":\"Jellyfin "
            + "Server\",\"Id\":\"6f1b0c1d2e3f4a5b6c7d8e9f0a1b2c3d\"}";

    private final MediaServerIntegration mediaServer = new MediaServerIntegration();
    private final PipelineFixture fixture = new PipelineFixture(mediaServer);

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void settings_are_url_key_and_server_type_defaulting_to_jellyfin() {
        assertThat(mediaServer.fields()).containsExactly(Field.BASE_URL, Field.API_KEY, Field.SERVER_TYPE);
        assertThat(mediaServer.required()).containsExactly(Field.BASE_URL, Field.API_KEY);
        assertThat(mediaServer.selfHosted()).isTrue();
        assertThat(mediaServer.defaultBaseUrl()).isEmpty();
        assertThat(MediaServerIntegration.serverType(Settings.empty())).isEqualTo("jellyfin");
        assertThat(MediaServerIntegration.serverType(Settings.empty().with(Field.SERVER_TYPE, "Emby"))).isEqualTo("emby");
    }

    @Test
    void system_info_with_a_valid_key_is_a_success_sent_in_x_emby_token() {
        fixture.server.answer("/System/Info", Response.json(200, SYSTEM_INFO));

        CallResult result = fixture.probe(settings());

        assertThat(result.outcome()).isEqualTo(new Outcome.Success(200));
        assertThat(fixture.server.lastRequest().path()).isEqualTo("/System/Info");
        assertThat(fixture.server.lastRequest().header("x-emby-token")).isEqualTo(KEY);
    }

    @Test
    void a_path_prefix_in_the_base_url_is_kept_and_a_trailing_slash_dropped() {
        fixture.server.answer("/jellyfin/System/Info", Response.json(200, SYSTEM_INFO));

        assertThat(fixture.probe(settings(fixture.server.baseUrl() + "/jellyfin/")).ok()).isTrue();
        assertThat(fixture.server.lastRequest().path()).isEqualTo("/jellyfin/System/Info");
    }

    static Stream<Arguments> rejectedKeys() {
        return Stream.of(
                Arguments.of("Jellyfin, empty body", Response.of(401, null, "")),
                Arguments.of("Emby, a line of text", Response.of(401, "text/plain", "Access token is invalid or expired.")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedKeys")
    void a_rejected_key_is_an_authentication_error_naming_where_to_create_one(String server, Response response) {
        fixture.server.answer(response);

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(failure.code()).isEqualTo("401");
        assertThat(failure.httpStatus()).isEqualTo(401);
        assertThat(failure.message()).contains("media server rejected the API key");
        assertThat(failure.action()).contains("Dashboard → API Keys").contains("Settings → Advanced → API Keys");
        fixture.assertLastRecordedOmits(KEY);
        assertThat(fixture.lastRecorded().details().headers()).containsEntry("X-Emby-Token", "[REDACTED]");
    }

    @Test
    void forbidden_is_an_authentication_error() {
        fixture.server.answer(Response.of(403, null, ""));

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(failure.httpStatus()).isEqualTo(403);
    }

    @Test
    void a_proxy_basic_auth_challenge_is_a_configuration_error_not_a_bad_key() {
        fixture.server.answer(Response.html(401, "<html><head><title>401 Authorization Required</title></head><body>"
                + "<center><h1>401 Authorization Required</h1></center><hr><center>nginx</center></body></html>",
                "WWW-Authenticate", "Basic realm=\"Restricted\""));

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("proxy_auth");
    }

    static Stream<Arguments> notTheApi() {
        return Stream.of(
                Arguments.of(Response.html(200, "<!DOCTYPE html><html><head><title>Sign in - Authentik</title></head>"
                        + "<body><form><input type=\"password\" name=\"password\"></form></body></html>"), "not_api"),
                Arguments.of(Response.of(200, "text/plain", "It works!"), "not_json"),
                Arguments.of(Response.of(200, null, ""), "not_json"));
    }

    @ParameterizedTest
    @MethodSource("notTheApi")
    void a_200_that_is_not_json_means_the_url_points_elsewhere(Response response, String code) {
        fixture.server.answer(response);

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo(code);
        assertThat(failure.httpStatus()).isEqualTo(200);
        assertThat(failure.action()).contains("URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "<!DOCTYPE html><html><body><h1>Not Found</h1></body></html>"})
    void a_404_on_the_probe_means_a_wrong_base_url(String body) {
        fixture.server.answer(body.isEmpty() ? Response.of(404, null, "") : Response.html(404, body));

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("wrong_base_url");
        assertThat(failure.message()).contains("/emby").contains("/jellyfin");
        fixture.assertLastRecordedOmits(KEY);
    }

    @Test
    void a_404_on_one_item_is_a_normal_miss_not_an_alert() {
        fixture.server.answer("/Users/", Response.of(404, null, ""));

        CallResult result = fixture.calls().call(mediaServer.item(settings(), "u1", "a1b2c3"), CallContext.job("run-1"));

        assertThat(result.outcome()).isInstanceOf(Outcome.NotFound.class);
        assertThat(fixture.server.lastRequest().path()).isEqualTo("/Users/u1/Items/a1b2c3");
        assertThat(fixture.recorded).isEmpty();
    }

    @Test
    void a_404_on_the_library_list_means_a_wrong_base_url() {
        fixture.server.answer("/Items", Response.of(404, null, ""));

        CallResult result = fixture.calls().call(mediaServer.library(settings(), 0, 500), CallContext.job("run-1"));

        assertThat(PipelineFixture.failure(result).code()).isEqualTo("wrong_base_url");
        assertThat(fixture.server.lastRequest().query()).contains("Recursive=true")
                .contains("IncludeItemTypes=Movie%2CSeries").contains("Fields=ProviderIds%2CProductionYear");
        assertThat(fixture.lastRecorded().jobRunId()).isEqualTo("run-1");
    }

    static Stream<Arguments> serverErrors() {
        return Stream.of(
                Arguments.of(Response.of(500, "text/plain", "Error processing request.")),
                Arguments.of(Response.of(502, null, "")),
                Arguments.of(Response.html(504, "<html><head><title>504 Gateway Time-out</title></head><body>"
                        + "<center><h1>504 Gateway Time-out</h1></center><hr><center>nginx</center></body></html>")));
    }

    @ParameterizedTest
    @MethodSource("serverErrors")
    void a_server_error_is_an_outage(Response response) {
        fixture.server.answer(response);

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.OUTAGE);
        assertThat(failure.httpStatus()).isEqualTo(response.status());
        assertThat(failure.action()).contains("Jellyfin/Emby");
    }

    @Test
    void truncated_json_with_200_is_an_outage() {
        fixture.server.answer(Response.json(200, "{\"ServerName\":\"nas\",\"Vers"));

        assertThat(PipelineFixture.failure(fixture.probe(settings())).code()).isEqualTo("invalid_json");
    }

    @Test
    void a_huge_library_page_cut_by_the_body_bound_is_still_a_success() {
        fixture.server.answer("/Items", Response.json(200, "{\"Items\":[{\"Name\":\"" + "x".repeat(3 << 20) + "\"}]}"));

        CallResult result = fixture.calls().call(mediaServer.library(settings(), 0, 500), CallContext.job("run-1"));

        assertThat(result.ok()).isTrue();
        assertThat(result.reply().orElseThrow().truncated()).isTrue();
    }

    @Test
    void connection_refused_is_a_configuration_error() throws IOException {
        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings("http://127.0.0.1:" + PipelineFixture.closedPort())));

        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("connection_refused");
        assertThat(failure.httpStatus()).isNull();
        fixture.assertLastRecordedOmits(KEY);
    }

    @Test
    void an_unknown_host_is_a_configuration_error() {
        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings("http://nonexistent.invalid:8096")));

        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("unknown_host");
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
        fixture.server.answer("/System/Info", Response.json(200, SYSTEM_INFO));

        assertThat(fixture.probe(settings("127.0.0.1:" + fixture.server.port())).ok()).isTrue();
    }

    @Test
    void an_unparsable_base_url_is_a_configuration_error_not_an_exception() {
        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings("http://nas:8096 /jellyfin")));

        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("invalid_url");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[[[[", "null", "<html>", "{\"Items\":null}"})
    void the_classifier_never_throws_on_odd_bodies(String body) {
        for (int status : new int[] {200, 204, 302, 400, 401, 403, 404, 405, 429, 500, 599}) {
            dev.aperture.testing.OddReplies.assertExplained(mediaServer.classifier().classify(
                    mediaServer.item(settings(), "u", "i"), Answer.Reply.of(status, body), fixture.clock.instant()),
                    status, body, KEY);
        }
    }

    private Settings settings() {
        return settings(fixture.server.baseUrl());
    }

    private static Settings settings(String base) {
        return Settings.empty().with(Field.BASE_URL, base).withSecret(Field.API_KEY, Secret.of(KEY));
    }



}
