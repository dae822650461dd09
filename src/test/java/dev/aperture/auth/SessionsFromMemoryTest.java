package dev.aperture.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.testing.AppFixture;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.Statements;
import dev.aperture.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A page view answers the session and the saved settings from memory while nothing changed them, and reads them
 * again on the next request once anything did: this process, another connection to the file, another instance.
 */
class SessionsFromMemoryTest {

    /** No heartbeat during a test: on SQLite any commit (the instance's beat too) is a change to everything. */
    private static final Map<String, String> QUIET = Map.of("APERTURE_HEARTBEAT_SECONDS", "3600");

    private AppFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private AppFixture start(TestDatabases kind) {
        fixture = new AppFixture(kind, QUIET);
        return fixture;
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void page_views_send_no_query_for_the_session_or_the_settings_until_something_changes(TestDatabases kind) {
        start(kind);
        RestClient browser = fixture.browserSession();
        assertThat(browser.get("/integrations").status()).isEqualTo(200);
        Statements sent = Statements.watching(fixture.app.database.jdbi());

        for (int i = 0; i < 10; i++) {
            assertThat(browser.get("/integrations").status()).isEqualTo(200);
        }
        assertThat(sent.naming("FROM sessions")).as(sent.toString()).isZero();
        assertThat(sent.naming("FROM integrations")).as(sent.toString()).isZero();
        // Nothing else through Jdbi either. (On PostgreSQL each view still reads two change_stamps rows, by plain JDBC.)
        assertThat(sent.naming("")).as("nothing else either: " + sent).isZero();

        // A save is read back; then page views are served from memory again. (On SQLite the save's other writes,
        // to pacing and learned limits, count as changes too: any commit to the file does.)
        sent.clear();
        assertThat(fixture.api.put("/api/integrations/tmdb", "{\"apiKey\":\"tmdb-key-0123456789\"}").status())
                .isEqualTo(200);
        assertThat(browser.get("/integrations").status()).isEqualTo(200);
        assertThat(sent.naming("FROM integrations")).as(sent.toString()).isPositive();
        sent.clear();
        for (int i = 0; i < 5; i++) {
            assertThat(browser.get("/integrations").status()).isEqualTo(200);
        }
        assertThat(sent.naming("FROM sessions")).as(sent.toString()).isZero();
        assertThat(sent.naming("FROM integrations")).as(sent.toString()).isZero();
    }

    @Test
    void a_session_another_connection_deleted_from_the_sqlite_file_is_refused_on_the_next_request() throws Exception {
        start(TestDatabases.SQLITE);
        RestClient browser = fixture.browserSession();
        assertThat(browser.get("/integrations").status()).isEqualTo(200);
        Statements sent = Statements.watching(fixture.app.database.jdbi());
        assertThat(browser.get("/integrations").status()).isEqualTo(200);
        assertThat(sent.naming("FROM sessions")).as("served from memory").isZero();

        // As another process does (aperture admin reset-password): its own connection to the file, not this app's.
        String file = fixture.db.dataDir().resolve("aperture.db").toString();
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = other.createStatement()) {
            s.execute("PRAGMA busy_timeout = 30000");
            assertThat(s.executeUpdate("DELETE FROM sessions")).isPositive();
        }

        RestClient.Reply refused = browser.get("/integrations");
        assertThat(refused.status()).isEqualTo(303);
        assertThat(refused.headers().get("location")).containsExactly("/login");
        assertThat(browser.get("/api/auth/me").status()).isEqualTo(401);
    }

    @Test
    void only_sessions_that_exist_are_kept_so_made_up_cookies_are_looked_up_every_time() {
        start(TestDatabases.SQLITE);
        Statements sent = Statements.watching(fixture.app.database.jdbi());
        for (int i = 0; i < 5; i++) {
            RestClient stranger = new RestClient(fixture.baseUrl(), Map.of("Cookie", "aperture_session=made-up-" + i));
            assertThat(stranger.get("/api/auth/me").status()).isEqualTo(401);
            assertThat(stranger.get("/api/auth/me").status()).isEqualTo(401);
        }
        assertThat(sent.naming("FROM sessions")).isEqualTo(10);
    }
}
