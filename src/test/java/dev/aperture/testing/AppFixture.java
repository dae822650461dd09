package dev.aperture.testing;

import dev.aperture.App;
import dev.aperture.Config;
import dev.aperture.secrets.Secret;
import java.time.Duration;
import java.util.Map;

/**
 * The real application graph on port 0, with a temp data dir, a store of the test's choice, a
 * controlled clock, and a REST client already holding an admin API token.
 */
public final class AppFixture implements AutoCloseable {

    public static final String ADMIN_PASSWORD = "correct-horse-battery-staple";

    public final MutableClock clock = new MutableClock(java.time.Instant.parse("2026-03-14T15:09:26Z"));
    public final TestDatabases.Target db;
    private final Config config;
    public App app;
    public RestClient api;

    public AppFixture(TestDatabases kind) {
        this(kind, Map.of());
    }

    /** Kept for the tests that ask for it by name: every fixture's job runs wait on its clock. */
    public static AppFixture withClockSleeper(TestDatabases kind) {
        return new AppFixture(kind);
    }

    public AppFixture(TestDatabases kind, Map<String, String> extraEnv) {
        this.db = kind.create();
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "APERTURE_PORT", "0",
                "APERTURE_DATA_DIR", db.dataDir().toString(),
                "APERTURE_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "APERTURE_INSTANCE_NAME", "test-instance"));
        db.url().ifPresent(u -> env.put("APERTURE_DATABASE_URL", u));
        env.putAll(extraEnv);
        Config base = Config.fromEnvironment(env);
        this.config = base.onLoopback(Duration.ofSeconds(2), Duration.ofSeconds(5));
        startApp();
    }

    /** Job runs wait (backoff, rate-limit resets) by moving the test's clock, never for real. */
    private void startApp() {
        this.app = new App(config, clock, d -> clock.advance(d)).start();
        this.api = RestClient.loggedIn("http://127.0.0.1:" + app.port(), "admin", ADMIN_PASSWORD);
    }

    /** Stops the app mid-whatever and starts a new one on the same database, as after a restart. */
    public App restart() {
        app.close();
        startApp();
        return app;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    public Secret adminPassword() {
        return Secret.of(ADMIN_PASSWORD);
    }

    @Override
    public void close() {
        app.close();
        db.close();
    }
}
