package dev.aperture.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Outcome;

/**
 * What "the classifier never throws on odd bodies" promises beyond not throwing: an outcome that is not a
 * success for an error status, a rate limit for a 429 whatever its body, a server error read as a failure,
 * and every failure explained in bounded words without the key.
 */
public final class OddReplies {

    private OddReplies() {}

    public static void assertExplained(Outcome outcome, int status, String body, String key) {
        String what = status + " " + (body.length() > 40 ? body.substring(0, 40) + "…" : body);
        assertThat(outcome).as(what).isNotNull();
        if (status >= 400) {
            assertThat(outcome).as(what).isNotInstanceOf(Outcome.Success.class);
        }
        if (status == 429 || status >= 500) {
            assertThat(outcome).as(what).isInstanceOf(Outcome.Failure.class);
        }
        if (status == 429) {
            assertThat(((Outcome.Failure) outcome).type()).as(what).isEqualTo(ErrorType.RATE_LIMIT);
        }
        if (outcome instanceof Outcome.Failure f) {
            assertThat(f.code()).as(what).isNotBlank().isNotEqualTo("unclassified").hasSizeLessThan(250)
                    .doesNotContain(key);
            assertThat(f.message()).as(what).isNotBlank().hasSizeLessThan(1000).doesNotContain(key);
            assertThat(f.action()).as(what).isNotBlank().doesNotContain(key);
        }
    }
}
