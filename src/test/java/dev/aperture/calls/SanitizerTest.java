package dev.aperture.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.secrets.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What is kept about a call carries no credential, however the provider or the request placed it. */
class SanitizerTest {

    private static final Secret KEY = Secret.of("0123456789abcdef");

    @Test
    void a_url_loses_its_user_info_and_secret_query_parameters_and_keeps_the_rest() {
        URI uri = URI.create("https://admin:pw@www.omdbapi.com/?i=tt0133093&apikey=0123456789abcdef&plot=full");

        assertThat(Sanitizer.url(uri, List.of(KEY))).isEqualTo("https://www.omdbapi.com/?i=tt0133093&plot=full");
    }

    @Test
    void credential_headers_are_masked_and_others_kept() {
        Map<String, String> masked = Sanitizer.headers(Map.of("Authorization", "Bearer 0123456789abcdef",
                "trakt-api-key", "client-1", "Accept", "application/json"));

        assertThat(masked).containsEntry("Authorization", Sanitizer.REDACTED)
                .containsEntry("trakt-api-key", Sanitizer.REDACTED)
                .containsEntry("Accept", "application/json");
    }

    @Test
    void free_text_loses_known_secrets_and_anything_shaped_like_a_credential() {
        String text = "key 0123456789abcdef; {\"access_token\":\"tok-1\"}; refresh_token=r-2&x=1; "
                + "Bearer abcdefghijkl; Incorrect API key provided: sk-proj-***SJh4.";

        String clean = Sanitizer.scrub(text, List.of(KEY));

        assertThat(clean).doesNotContain("0123456789abcdef", "tok-1", "r-2", "abcdefghijkl", "SJh4")
                .contains("{\"access_token\":\"" + Sanitizer.REDACTED + "\"}")
                .contains("x=1");
    }

    @Test
    void a_recorded_reply_keeps_a_bounded_scrubbed_excerpt() {
        String body = "{\"Error\":\"Invalid API key! 0123456789abcdef\"}" + "x".repeat(Sanitizer.EXCERPT_CHARS * 2);
        CallRequest request = CallRequest.get(ServiceId.OMDB, URI.create("https://www.omdbapi.com/?apikey=0123456789abcdef"))
                .secret(KEY).build();

        RequestDetails details = Sanitizer.details(request, Answer.Reply.of(401, body), Duration.ofMillis(42));

        assertThat(details.responseExcerpt()).hasSize(Sanitizer.EXCERPT_CHARS + 1).endsWith("…")
                .doesNotContain("0123456789abcdef");
        assertThat(details.url()).isEqualTo("https://www.omdbapi.com/");
        assertThat(details.responseStatus()).isEqualTo(401);
        assertThat(details.durationMs()).isEqualTo(42);
    }
}
