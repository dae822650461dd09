package dev.aperture.testing;

import dev.aperture.App;
import dev.aperture.Config;
import dev.aperture.auth.PasswordCost;
import dev.aperture.secrets.Secret;
import java.time.Duration;
import java.util.Map;

/**
 * The real application graph on port 0, with a temp data dir, a store of the test's choice, a
 * controlled clock, and a REST client already holding an admin API token.
 */
public final class AppFixture implements AutoCloseable {

    public static final String ADMIN_PASSWORD = "correct-horse-battery-staple";
    /**
     * Real Argon2id at 1 MiB and one pass instead of the server's 19 MiB and two: every fixture hashes the admin
     * password, the unknown-user dummy and a login, which at the server's cost was most of a fixture's start.
     */
    static final PasswordCost PASSWORD_COST = new PasswordCost(1_024, 1);

    public final MutableClock clock = new MutableClock(java.time.Instant.parse("2026-03-14T15:09:26Z"));
    public final TestDatabases.Target db;
    private final Config config;
    private final Map<String, String> env;
    private final boolean ownsDb;
    private final PasswordCost passwordCost;
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
        this(kind.create(), extraEnv, true);
    }

    /**
     * An app on an existing database: a second process sharing one PostgreSQL, for instance. Only the
     * fixture that owns the database drops it. Background health checks are off unless the test turns
     * them on (APERTURE_HEALTH_TICK_SECONDS); see {@link #pacingWait} for how waits pass.
     */
    public AppFixture(TestDatabases.Target db, Map<String, String> extraEnv, boolean ownsDb) {
        this(db, extraEnv, ownsDb, PASSWORD_COST);
    }

    /** Hashes passwords at the server's own cost: for a test whose hashes are also made or read by a real process. */
    public static AppFixture hashingAsTheServer(TestDatabases kind) {
        return new AppFixture(kind.create(), Map.of(), true, PasswordCost.OWASP_MINIMUM);
    }

    private AppFixture(TestDatabases.Target db, Map<String, String> extraEnv, boolean ownsDb, PasswordCost cost) {
        this.db = db;
        this.ownsDb = ownsDb;
        this.passwordCost = cost;
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "APERTURE_PORT", "0",
                "APERTURE_DATA_DIR", db.dataDir().toString(),
                "APERTURE_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "APERTURE_INSTANCE_NAME", "test-instance-" + System.identityHashCode(this),
                "APERTURE_HEALTH_TICK_SECONDS", "0"));
        db.url().ifPresent(u -> env.put("APERTURE_DATABASE_URL", u));
        env.putAll(extraEnv);
        this.env = Map.copyOf(env);
        // Generous for loopback: a busy machine (several test JVMs) must not turn a slow fake into a timeout.
        // A stop interrupts job items in flight after 200 ms rather than the server's 4 s: a fixture closed or
        // restarted mid-run is what a kill does, and GracefulShutdownTest covers the server's own grace.
        this.config = Config.fromEnvironment(env).onLoopback(Duration.ofSeconds(10), Duration.ofSeconds(15))
                .withStopGrace(Duration.ofMillis(200));
        startApp();
    }

    private void startApp() {
        this.app = new App(config, clock, env, this::pacingWait, passwordCost).start();
        this.api = RestClient.loggedIn("http://127.0.0.1:" + app.port(), "admin", ADMIN_PASSWORD);
    }

    /**
     * How pacing and job runs wait: a permit's few milliseconds pass for real, so the frozen clock keeps
     * the exact instants tests assert; a provider's reset or a backoff (a second or more) moves the
     * clock instead of stalling the test.
     */
    private void pacingWait(Duration d) {
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            dev.aperture.pacing.Sleeper.REAL.sleep(d);
        } else {
            clock.advance(d);
        }
    }

    /** Stops the app mid-whatever and starts a new one on the same database, as after a restart. */
    public App restart() {
        app.close();
        startApp();
        return app;
    }

    /** A logged-in browser: the session cookie and the CSRF header the pages' forms and htmx send. */
    public RestClient browserSession() {
        return RestClient.session(baseUrl(), "admin", ADMIN_PASSWORD);
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
        if (ownsDb) {
            db.close();
        }
    }
}
