package dev.aperture.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Reset times as providers state them, bounded so an absurd value cannot park a service. */
class RetryAfterTest {

    private static final Instant NOW = Instant.parse("1999-12-31T23:57:59Z");

    @Test
    void retry_after_is_read_as_delay_seconds_or_as_an_http_date() {
        // RFC 9110 §10.2.3 gives both forms: "Retry-After: Fri, 31 Dec 1999 23:59:59 GMT" and "Retry-After: 120".
        assertThat(RetryAfter.parse("120", NOW)).contains(NOW.plusSeconds(120));
        assertThat(RetryAfter.parse("Fri, 31 Dec 1999 23:59:59 GMT", NOW))
                .contains(Instant.parse("1999-12-31T23:59:59Z"));
    }

    @Test
    void a_date_already_past_means_now_and_one_beyond_the_bound_or_unreadable_means_nothing() {
        assertThat(RetryAfter.parse("Fri, 31 Dec 1999 23:00:00 GMT", NOW)).contains(NOW);
        assertThat(RetryAfter.parse(String.valueOf(RetryAfter.MAX_WAIT.plusSeconds(1).toSeconds()), NOW)).isEmpty();
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("", NOW)).isEmpty();
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
    }

    @Test
    void x_ratelimit_reset_is_unix_seconds_when_large_and_seconds_from_now_when_small() {
        Instant now = Instant.parse("2026-03-14T15:09:26Z");
        Instant in30s = now.plusSeconds(30);
        assertThat(RetryAfter.parseReset(String.valueOf(in30s.getEpochSecond()), now)).contains(in30s);
        assertThat(RetryAfter.parseReset(String.valueOf(in30s.toEpochMilli()), now)).contains(in30s);
        assertThat(RetryAfter.parseReset("30", now)).contains(in30s);
        assertThat(RetryAfter.parseReset("-1", now)).contains(now);
        assertThat(RetryAfter.parseReset("never", now)).isEmpty();
    }

    @Test
    void openai_reset_durations_are_read_in_go_notation() {
        // OpenAI's rate-limit headers, as its rate limits guide shows them: x-ratelimit-reset-requests "1s",
        // x-ratelimit-reset-tokens "6m0s".
        assertThat(RetryAfter.parseGoDuration("1s")).contains(Duration.ofSeconds(1));
        assertThat(RetryAfter.parseGoDuration("6m0s")).contains(Duration.ofMinutes(6));
        assertThat(RetryAfter.parseGoDuration("12ms")).contains(Duration.ofMillis(12));
        assertThat(RetryAfter.parseGoDuration("18.642s")).contains(Duration.ofMillis(18_642));
        assertThat(RetryAfter.parseGoDuration("1h2m3s")).contains(Duration.ofSeconds(3723));
        assertThat(RetryAfter.parseGoDuration("6 minutes")).isEmpty();
        assertThat(RetryAfter.parseGoDuration("100h")).isEmpty();
    }

    @Test
    void a_daily_quota_resets_at_the_next_midnight_utc() {
        assertThat(RetryAfter.nextMidnightUtc(Instant.parse("2026-03-14T15:09:26Z")))
                .isEqualTo(Instant.parse("2026-03-15T00:00:00Z"));
        assertThat(RetryAfter.nextMidnightUtc(Instant.parse("2026-03-14T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-15T00:00:00Z"));
    }
}
