package dev.aperture.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.testing.AppFixture;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.Statements;
import dev.aperture.testing.TestDatabases;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Two instances on one PostgreSQL database, each answering sessions and integration settings from memory: what
 * one writes (a logout, a password change, a save) is what the other answers on its very next request.
 */
@Execution(ExecutionMode.CONCURRENT)
class MemoryAcrossInstancesTest {

    private AppFixture a;
    private AppFixture b;

    /** A joining instance waits one heartbeat before its first call (the others must count it): 1 s, not 5. */
    private static final Map<String, String> SHORT_BEAT = Map.of("APERTURE_HEARTBEAT_SECONDS", "1");

    @BeforeEach
    void start_two_instances_on_one_database() {
        a = new AppFixture(TestDatabases.POSTGRESQL, SHORT_BEAT);
        b = new AppFixture(a.db, SHORT_BEAT, false);
    }

    @AfterEach
    void stop() {
        b.close();
        a.close();
    }

    @Test
    void a_logout_on_one_instance_is_refused_by_the_other_which_had_the_session_in_memory() {
        RestClient browser = RestClient.session(a.baseUrl(), "admin", AppFixture.ADMIN_PASSWORD);
        RestClient onB = browser.at(b.baseUrl());
        assertThat(onB.get("/integrations").status()).isEqualTo(200);
        Statements sentByB = Statements.watching(b.app.database.jdbi());
        assertThat(onB.get("/integrations").status()).isEqualTo(200);
        assertThat(sentByB.naming("FROM sessions")).as("b answers the session from memory").isZero();

        assertThat(browser.post("/api/auth/logout", "{}").status()).isEqualTo(204);

        RestClient.Reply page = onB.get("/integrations");
        assertThat(page.status()).isEqualTo(303);
        assertThat(page.headers().get("location")).containsExactly("/login");
        assertThat(onB.get("/api/auth/me").status()).isEqualTo(401);
        assertThat(sentByB.naming("FROM sessions")).as("read again, and found gone").isEqualTo(2);
    }

    /** A signal that arrives a little after the commit (a NOTIFY) let about a third of these in on a busy machine. */
    @Test
    void twenty_times_over_a_logout_on_one_instance_is_refused_by_the_other_on_the_request_right_after_it() {
        for (int i = 0; i < 20; i++) {
            RestClient browser = RestClient.session(a.baseUrl(), "admin", AppFixture.ADMIN_PASSWORD);
            RestClient onB = browser.at(b.baseUrl());
            assertThat(onB.get("/api/auth/me").status()).isEqualTo(200);
            assertThat(onB.get("/api/auth/me").status()).isEqualTo(200);
            assertThat(browser.post("/api/auth/logout", "{}").status()).isEqualTo(204);
            assertThat(onB.get("/api/auth/me").status()).as("round %d", i).isEqualTo(401);
        }
    }

    @Test
    void a_password_change_on_one_instance_ends_the_users_other_sessions_on_the_other_and_keeps_its_own() {
        a.app.accounts.createUser("owner", "owner-password-1", "admin");
        RestClient here = RestClient.session(a.baseUrl(), "owner", "owner-password-1");
        RestClient elsewhere = RestClient.session(b.baseUrl(), "owner", "owner-password-1");
        assertThat(elsewhere.get("/api/auth/me").status()).isEqualTo(200);
        assertThat(here.at(b.baseUrl()).get("/api/auth/me").status()).isEqualTo(200);
        Statements sentByB = Statements.watching(b.app.database.jdbi());
        assertThat(elsewhere.get("/api/auth/me").status()).isEqualTo(200);
        assertThat(sentByB.naming("FROM sessions")).as("b answers both sessions from memory").isZero();

        assertThat(here.post("/api/auth/password",
                "{\"currentPassword\":\"owner-password-1\",\"newPassword\":\"a-new-long-password\"}").status())
                .isEqualTo(204);

        assertThat(elsewhere.get("/api/auth/me").status()).isEqualTo(401);
        assertThat(here.at(b.baseUrl()).get("/api/auth/me").status()).isEqualTo(200);
    }

    @Test
    void settings_saved_on_one_instance_are_served_by_the_other_on_its_next_read() {
        assertThat(b.api.get("/api/integrations/tmdb").json().at("/settings/apiKey").asText()).isEmpty();
        Statements sentByB = Statements.watching(b.app.database.jdbi());
        assertThat(b.api.get("/api/integrations/tmdb").json().at("/configured").asBoolean()).isFalse();
        assertThat(sentByB.naming("FROM integrations")).as("b answers the settings from memory").isZero();

        assertThat(a.api.put("/api/integrations/tmdb", "{\"apiKey\":\"tmdb-key-0123456789-WXYZ\","
                + "\"baseUrl\":\"http://127.0.0.1:9/first/3\"}").status()).isEqualTo(200);

        var tmdb = b.api.get("/api/integrations/tmdb").json();
        assertThat(tmdb.at("/settings/baseUrl").asText()).isEqualTo("http://127.0.0.1:9/first/3");
        assertThat(tmdb.at("/settings/apiKey").asText()).isEqualTo("••••WXYZ");
        assertThat(tmdb.get("configured").asBoolean()).isTrue();
        assertThat(sentByB.naming("FROM integrations")).as("read again once").isEqualTo(1);
    }
}
