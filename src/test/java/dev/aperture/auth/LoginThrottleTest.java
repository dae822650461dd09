package dev.aperture.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The throttle's memory bounds and lock-outs, driven directly (each HTTP login would cost an Argon2 check). */
class LoginThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-14T15:09:26Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    private boolean fail(String client, String username) {
        LoginThrottle.Admission a = throttle.admit(client, username);
        if (a instanceof LoginThrottle.Admission.Admitted in) {
            throttle.failed(in.ticket());
            return true;
        }
        return false;
    }

    @Test
    void a_lock_outlives_far_more_other_keys_than_the_counters_can_hold() {
        for (int i = 0; i < 5; i++) {
            assertThat(fail("203.0.113.9", "admin")).isTrue();
        }
        assertThat(throttle.admit("203.0.113.9", "ADMIN")).isInstanceOf(LoginThrottle.Admission.Refused.class);
        // 40,000 new keys in each tier: twice or four times what each tier keeps.
        for (int i = 0; i < 40_000; i++) {
            assertThat(fail("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255), "user-" + i)).isTrue();
        }
        LoginThrottle.Admission after = throttle.admit("203.0.113.9", "admin");
        assertThat(after).isInstanceOf(LoginThrottle.Admission.Refused.class);
        assertThat(((LoginThrottle.Admission.Refused) after).retryAfter()).isEqualTo(LoginThrottle.WINDOW);
        assertThat(throttle.admit("198.51.100.7", "admin")).isInstanceOf(LoginThrottle.Admission.Admitted.class);
        clock.advance(LoginThrottle.WINDOW);
        assertThat(throttle.admit("203.0.113.9", "admin")).isInstanceOf(LoginThrottle.Admission.Admitted.class);
    }

    @Test
    void one_client_trying_many_usernames_is_stopped_after_twenty_and_many_clients_on_one_username_after_fifty() {
        int admitted = 0;
        for (int i = 0; i < 100; i++) {
            admitted += fail("192.0.2.1", "name-" + i) ? 1 : 0;
        }
        assertThat(admitted).isEqualTo(LoginThrottle.Tier.CLIENT.limit);
        admitted = 0;
        for (int i = 0; i < 100; i++) {
            admitted += fail("172.16.0." + i, "owner") ? 1 : 0;
        }
        assertThat(admitted).isEqualTo(LoginThrottle.Tier.USERNAME.limit);
    }

    @Test
    void a_success_forgives_this_clients_failures_for_the_account_and_an_unevaluated_attempt_does_not_count() {
        for (int i = 0; i < 4; i++) {
            fail("192.0.2.1", "admin");
        }
        LoginThrottle.Ticket right = ((LoginThrottle.Admission.Admitted) throttle.admit("192.0.2.1", "admin")).ticket();
        throttle.succeeded(right);
        for (int i = 0; i < 10; i++) {
            LoginThrottle.Ticket busy = ((LoginThrottle.Admission.Admitted) throttle.admit("192.0.2.1", "admin"))
                    .ticket();
            throttle.notEvaluated(busy);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(fail("192.0.2.1", "admin")).as("failure %d after the success", i).isTrue();
        }
        assertThat(throttle.admit("192.0.2.1", "admin")).isInstanceOf(LoginThrottle.Admission.Refused.class);
    }

    @Test
    void with_the_lock_table_full_every_login_waits_instead_of_an_old_lock_being_dropped() {
        // Each client locks its own username after 5 failures (the cheapest lock, a quarter of the attempts 20
        // failures on different usernames would take): 10,000 clients fill the table.
        // One WARN line per lock is the product's promise; 10,000 of them would only flood the build log.
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                LoginThrottle.class);
        ch.qos.logback.classic.Level before = log.getLevel();
        log.setLevel(ch.qos.logback.classic.Level.ERROR);
        try {
            for (int c = 0; c < LoginThrottle.MAX_LOCKS; c++) {
                String client = "10." + (c >> 16) + "." + ((c >> 8) & 255) + "." + (c & 255);
                for (int i = 0; i < LoginThrottle.Tier.CLIENT_AND_USERNAME.limit; i++) {
                    fail(client, "u" + c);
                }
            }
        } finally {
            log.setLevel(before);
        }
        assertThat(throttle.locksInForce()).isEqualTo(LoginThrottle.MAX_LOCKS);
        assertThat(throttle.admit("10.0.0.0", "anyone")).isInstanceOf(LoginThrottle.Admission.Refused.class);
        assertThat(throttle.admit("198.51.100.7", "admin")).isInstanceOf(LoginThrottle.Admission.Refused.class);
        clock.advance(LoginThrottle.WINDOW.plus(Duration.ofSeconds(1)));
        assertThat(throttle.admit("198.51.100.7", "admin")).isInstanceOf(LoginThrottle.Admission.Admitted.class);
    }
}
