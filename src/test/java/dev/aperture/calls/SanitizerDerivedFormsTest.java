package dev.aperture.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.secrets.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Providers quote keys back changed: each changed form is scrubbed, and unrelated text is left alone. */
class SanitizerDerivedFormsTest {

    private static final String KEY = "Zq7+wK9/pLm3Xv8_Rt2=Hy6";
    private static final List<Secret> SECRETS = List.of(Secret.of(KEY));

    private static String scrubbed(String text) {
        return Sanitizer.scrub(text, SECRETS);
    }

    @Test
    void the_key_in_another_letter_case_is_scrubbed() {
        assertThat(scrubbed("bad key " + KEY.toUpperCase(Locale.ROOT) + " and " + KEY.toLowerCase(Locale.ROOT)))
                .isEqualTo("bad key [REDACTED] and [REDACTED]");
    }

    @Test
    void the_url_encoded_key_is_scrubbed_whatever_the_case_of_its_escapes() {
        String encoded = URLEncoder.encode(KEY, StandardCharsets.UTF_8);
        assertThat(encoded).contains("%2B");
        assertThat(scrubbed("GET /x?k=" + encoded + " failed")).doesNotContain(encoded).contains("[REDACTED]");
        assertThat(scrubbed("echo " + encoded.toLowerCase(Locale.ROOT))).isEqualTo("echo [REDACTED]");
    }

    @Test
    void base64_forms_of_the_key_are_scrubbed() {
        byte[] bytes = KEY.getBytes(StandardCharsets.UTF_8);
        for (String form : List.of(Base64.getEncoder().encodeToString(bytes),
                Base64.getEncoder().withoutPadding().encodeToString(bytes),
                Base64.getUrlEncoder().encodeToString(bytes),
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes))) {
            assertThat(scrubbed("token was " + form + ".")).as(form).doesNotContain(form.replace("=", ""));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin", "u", "", "someone.with.a.long.name@example.com"})
    void a_basic_credential_carrying_the_key_for_any_user_is_scrubbed(String user) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + KEY).getBytes(StandardCharsets.UTF_8));
        String text = "proxy saw Authorization: Basic " + basic + " and refused";
        assertThat(scrubbed(text)).doesNotContain(basic.substring(0, basic.length() - 2))
                .startsWith("proxy saw Authorization: Basic [REDACTED]").endsWith(" and refused");
    }

    @Test
    void a_prefix_or_suffix_of_eight_characters_or_more_is_scrubbed() {
        assertThat(scrubbed("key " + KEY.substring(0, 12) + "... is invalid")).isEqualTo("key [REDACTED]... is invalid");
        assertThat(scrubbed("key ending in " + KEY.substring(KEY.length() - 8))).isEqualTo("key ending in [REDACTED]");
        assertThat(scrubbed("key ***" + KEY.substring(KEY.length() - 10).toUpperCase(Locale.ROOT) + "!"))
                .isEqualTo("key ***[REDACTED]!");
        // Seven characters say too little to be the key, and words of the message stay readable.
        assertThat(scrubbed("starts " + KEY.substring(0, 7) + " only")).isEqualTo("starts " + KEY.substring(0, 7) + " only");
    }

    @Test
    void an_eight_character_key_like_omdbs_is_scrubbed_from_free_text() {
        List<Secret> omdb = List.of(Secret.of("a1b2c3d4"));
        assertThat(Sanitizer.scrub("Invalid API key a1b2c3d4 (A1B2C3D4)", omdb))
                .isEqualTo("Invalid API key [REDACTED] ([REDACTED])");
        String b64 = Base64.getEncoder().encodeToString("a1b2c3d4".getBytes(StandardCharsets.UTF_8));
        assertThat(Sanitizer.scrub("echo " + b64, omdb)).isEqualTo("echo [REDACTED]");
        String basic = Base64.getEncoder().encodeToString("x:a1b2c3d4".getBytes(StandardCharsets.UTF_8));
        assertThat(Sanitizer.scrub("Basic " + basic, omdb)).isEqualTo("Basic [REDACTED]");
    }

    @Test
    void text_without_the_key_is_unchanged() {
        String text = "OMDb answered: Movie not found! Request limit reached at 2026-03-14T15:09:26Z";
        assertThat(scrubbed(text)).isEqualTo(text);
    }

    @Test
    void a_huge_text_is_cut_to_the_scrub_bound_before_the_work() {
        String huge = (KEY.substring(0, 7) + "x").repeat(200_000);
        String out = scrubbed(huge + KEY);
        assertThat(out.length()).isLessThanOrEqualTo(Sanitizer.MAX_SCRUB_CHARS + 1);
        assertThat(out).doesNotContain(KEY.substring(0, 8));
    }
}
