package dev.aperture.integrations.mediaserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.calls.Answer;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Outcome;
import dev.aperture.integrations.Field;
import dev.aperture.integrations.ServerIdentity;
import dev.aperture.integrations.Settings;
import dev.aperture.secrets.Secret;
import dev.aperture.testing.FakeMediaServers;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.PipelineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Jellyfin 12 and Emby as their source and docs describe them (see {@link FakeMediaServers} for the sources). */
class MediaServerDocumentedAnswersTest {

    private static final String KEY = "3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b";
    private final MediaServerIntegration mediaServer = new MediaServerIntegration();
    private final PipelineFixture fixture = new PipelineFixture(mediaServer);

    @AfterEach
    void close() {
        fixture.close();
    }

    private Settings settings(String serverType) {
        return Settings.empty().with(Field.BASE_URL, fixture.server.baseUrl()).with(Field.SERVER_TYPE, serverType)
                .withSecret(Field.API_KEY, Secret.of(KEY));
    }

    private static Response noItems(dev.aperture.testing.FakeServer.Recorded r) {
        return Response.json(200, "{\"Items\":[],\"TotalRecordCount\":0,\"StartIndex\":0}");
    }

    @Test
    void jellyfin_12_accepts_the_mediabrowser_authorization_and_says_which_server_it_is() {
        FakeMediaServers.jellyfin12(fixture.server, KEY, MediaServerDocumentedAnswersTest::noItems);

        CallResult result = fixture.probe(settings("jellyfin"));

        assertThat(result.outcome()).isEqualTo(new Outcome.Success(200));
        assertThat(fixture.server.lastRequest().header("authorization")).isEqualTo("MediaBrowser Token=\"" + KEY + "\"");
        assertThat(mediaServer.identify(result.reply().orElseThrow()))
                .contains(new ServerIdentity("Jellyfin Server", "12.0.0"));
    }

    @Test
    void jellyfin_12_answers_the_emby_header_alone_with_an_empty_401_recorded_without_the_key() {
        FakeMediaServers.jellyfin12(fixture.server, KEY, MediaServerDocumentedAnswersTest::noItems);

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings("emby")));

        assertThat(failure.type()).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(failure.httpStatus()).isEqualTo(401);
        assertThat(fixture.server.lastRequest().header("x-emby-token")).isEqualTo(KEY);
        assertThat(fixture.server.lastRequest().header("authorization")).isNull();
        fixture.assertLastRecordedOmits(KEY);
    }

    @Test
    void the_key_in_the_authorization_header_is_redacted_from_what_is_recorded() {
        FakeMediaServers.jellyfin12(fixture.server, "a-different-key-the-server-holds", MediaServerDocumentedAnswersTest::noItems);

        PipelineFixture.failure(fixture.probe(settings("jellyfin")));

        assertThat(fixture.lastRecorded().details().headers()).containsEntry("Authorization", "[REDACTED]");
        fixture.assertLastRecordedOmits(KEY);
    }

    @Test
    void emby_says_its_version_without_a_product_name() {
        FakeMediaServers.emby(fixture.server, KEY, MediaServerDocumentedAnswersTest::noItems);

        CallResult result = fixture.probe(settings("emby"));

        assertThat(result.ok()).isTrue();
        assertThat(mediaServer.identify(result.reply().orElseThrow())).contains(new ServerIdentity("Emby Server", "4.9.1.0"));
    }

    @Test
    void an_answer_without_a_version_identifies_nothing() {
        assertThat(mediaServer.identify(Answer.Reply.of(200, "{\"ServerName\":\"nas\"}"))).isEmpty();
        assertThat(mediaServer.identify(Answer.Reply.of(200, "<html>"))).isEmpty();
    }
}
