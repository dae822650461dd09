package dev.aperture.integrations.trakt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Outcome;
import dev.aperture.integrations.Field;
import dev.aperture.integrations.Settings;
import dev.aperture.secrets.Secret;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.PipelineFixture;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Trakt's 403 forms: its own "invalid API key or unapproved app" versus Cloudflare's block and challenge pages. */
class TraktDocumentedAnswersTest {

    private static final String CLIENT_ID = "5b1c0f8e7d6a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c";
    private final TraktIntegration trakt = new TraktIntegration();
    private final PipelineFixture fixture = new PipelineFixture(trakt);

    @AfterEach
    void close() {
        fixture.close();
    }

    private Settings settings() {
        return Settings.empty().with(Field.BASE_URL, fixture.server.baseUrl()).with(Field.CLIENT_ID, CLIENT_ID)
                .withSecret(Field.CLIENT_SECRET, Secret.of("e0d1c2b3a4958677869504a3b2c1d0e0f1e2d3c4b5a6978800112233445566ff"));
    }

    /**
     * Source: Trakt's status codes (trakt.docs.apiary.io/#introduction/status-codes) define 403 as "Forbidden -
     * invalid API key or unapproved app" (confirmed by Trakt staff in github.com/trakt/trakt-api/issues/223, an
     * app no longer approved). github.com/trakt/trakt-api/issues/222 shows such a 403 as Trakt serves it:
     * content-type: text/html, server: cloudflare, a cf-ray, Rails' x-request-id and x-runtime, an x-ratelimit
     * header, and no page.
     */
    @Test
    void trakts_own_html_403_behind_cloudflare_is_an_invalid_client_id_not_a_block() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/html");
        headers.put("Server", "cloudflare");
        headers.put("CF-RAY", "5272fbf11d7ab68f-LUX");
        headers.put("X-Request-Id", "2eed1c72-a93b-496f-85cb-0613c634efdc");
        headers.put("X-Runtime", "0.011797");
        headers.put("X-Ratelimit", "{\"name\":\"UNAUTHED_API_GET_LIMIT\",\"period\":300,\"limit\":1000,\"remaining\":999,"
                + "\"until\":\"2026-03-14T15:14:26Z\"}");
        fixture.server.answer(new Response(403, "", headers));

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(failure.code()).isEqualTo("403");
        assertThat(failure.message()).contains("invalid API key or unapproved app");
        assertThat(failure.action()).startsWith("Reconfigure in Aperture");
        assertThat(fixture.server.lastRequest().header("trakt-api-key")).isEqualTo(CLIENT_ID);
        fixture.assertLastRecordedOmits(CLIENT_ID);
    }

    /**
     * Source: developers.cloudflare.com/cloudflare-challenges/challenge-types/challenge-pages/detect-response —
     * every Challenge Page answer carries {@code cf-mitigated: challenge}; its page is titled "Just a moment...".
     */
    @Test
    void cloudflares_challenge_page_is_a_block() {
        fixture.server.answer(Response.html(403, "<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title>"
                + "</head><body><noscript>Enable JavaScript and cookies to continue</noscript></body></html>",
                "cf-mitigated", "challenge", "Server", "cloudflare", "CF-RAY", "8f1c2a3b4d5e6f70-FRA"));

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.RATE_LIMIT);
        assertThat(failure.code()).isEqualTo("cdn_blocked");
    }

    /**
     * Source: Cloudflare's 1020 page (developers.cloudflare.com/support/troubleshooting/http-status-codes/
     * cloudflare-1xxx-errors/error-1020/): "Access denied", the site "used Cloudflare to restrict access".
     */
    @Test
    void cloudflares_access_denied_page_is_a_block() {
        fixture.server.answer(Response.html(403, "<!DOCTYPE html><html><head><title>Access denied | api.trakt.tv used "
                + "Cloudflare to restrict access</title></head><body><div id=\"cf-error-details\"><h1>Error 1020</h1>"
                + "</div></body></html>", "Server", "cloudflare"));

        Outcome.Failure failure = PipelineFixture.failure(fixture.probe(settings()));

        assertThat(failure.type()).isEqualTo(ErrorType.RATE_LIMIT);
        assertThat(failure.code()).isEqualTo("cdn_blocked");
    }
}
