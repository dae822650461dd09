package dev.aperture.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Times in text the server writes read as local times, never as ISO instants with nanoseconds. */
class LocalTimesTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant NOW = Instant.parse("2026-12-02T15:10:00Z");

    @Test
    void a_time_today_is_the_clock_time_with_the_zone() {
        assertThat(LocalTimes.at(Instant.parse("2026-12-02T16:45:07.511366762Z"), NOW, BERLIN)).isEqualTo("17:45:07 CET");
    }

    @Test
    void a_reset_at_utc_midnight_is_tomorrow_one_o_clock_in_berlin_with_its_day() {
        assertThat(LocalTimes.at(Instant.parse("2026-12-03T00:00:00.511366762Z"), NOW, BERLIN))
                .isEqualTo("Thu 3 Dec 01:00 CET");
    }

    @Test
    void a_time_without_a_now_to_compare_with_always_has_its_day() {
        assertThat(LocalTimes.dated(Instant.parse("2026-12-03T00:00:00.511366762Z"), BERLIN)).isEqualTo("Thu 3 Dec 01:00 CET");
    }

    @Test
    void another_year_is_named() {
        assertThat(LocalTimes.at(Instant.parse("2027-01-05T08:00:00Z"), NOW, BERLIN)).isEqualTo("5 Jan 2027 09:00 CET");
    }

    @Test
    void a_wait_is_rounded_up_so_it_never_reads_zero_seconds() {
        assertThat(LocalTimes.duration(Duration.ofMillis(300))).isEqualTo("1 s");
        assertThat(LocalTimes.duration(Duration.ZERO)).isEqualTo("1 s");
        assertThat(LocalTimes.duration(Duration.ofMillis(2_001))).isEqualTo("3 s");
        assertThat(LocalTimes.duration(Duration.ofSeconds(90))).isEqualTo("90 s");
        assertThat(LocalTimes.duration(Duration.ofMinutes(45))).isEqualTo("45 min");
        assertThat(LocalTimes.duration(Duration.ofMinutes(125))).isEqualTo("2 h 5 min");
    }
}
