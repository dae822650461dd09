package dev.aperture.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a stored secret is shown: never whole, and never a bare mask that reads like "no key". */
class SecretTest {

    @Test
    void a_long_secret_shows_its_last_four_an_eight_character_key_its_last_two_a_shorter_one_nothing() {
        assertThat(Secret.of("demo-tmdb-key-5f2c9a").masked()).isEqualTo("••••2c9a");
        // OMDb's keys are 8 hex characters.
        assertThat(Secret.of("abc12345").masked()).isEqualTo("••••45");
        assertThat(Secret.of("abc1234").masked()).isEqualTo("••••");
        assertThat(Secret.empty().masked()).isEmpty();
    }
}
