package dev.aperture;

import dev.aperture.alerts.AlertBook;
import dev.aperture.alerts.AlertListener;
import dev.aperture.alerts.AlertQueries;
import dev.aperture.alerts.AlertRoutes;
import dev.aperture.alerts.ErrorLog;
import dev.aperture.alerts.Retention;
import dev.aperture.auth.Accounts;
import dev.aperture.auth.AuthRoutes;
import dev.aperture.auth.LoginThrottle;
import dev.aperture.calls.Calls;
import dev.aperture.calls.HttpWire;
import dev.aperture.health.HealthChecks;
import dev.aperture.health.HealthSettings;
import dev.aperture.integrations.ConnectionTest;
import dev.aperture.integrations.Integration;
import dev.aperture.integrations.IntegrationRoutes;
import dev.aperture.integrations.IntegrationStore;
import dev.aperture.integrations.Integrations;
import dev.aperture.integrations.jellyseerr.JellyseerrIntegration;
import dev.aperture.integrations.mdblist.MdblistIntegration;
import dev.aperture.integrations.mediaserver.MediaServerIntegration;
import dev.aperture.integrations.omdb.OmdbIntegration;
import dev.aperture.integrations.openai.OpenaiIntegration;
import dev.aperture.integrations.tmdb.TmdbIntegration;
import dev.aperture.integrations.trakt.TraktIntegration;
import dev.aperture.jobs.Schedules;
import dev.aperture.metrics.Metrics;
import dev.aperture.metrics.MetricsRoutes;
import dev.aperture.pacing.Pacer;
import dev.aperture.pacing.PacingEvents;
import dev.aperture.pacing.PacingSettings;
import dev.aperture.pacing.Sleeper;
import dev.aperture.quotas.QuotaBook;
import dev.aperture.quotas.QuotaRoutes;
import dev.aperture.quotas.QuotaWarning;
import dev.aperture.secrets.SecretBox;
import dev.aperture.store.Database;
import dev.aperture.web.HealthRoutes;
import dev.aperture.web.WebServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: builds the whole object graph by hand. Tests build the same one. */
public final class App implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    /** One line per service: adding a service is its package plus a line here. */
    public static List<Integration> services() {
        return List.of(new MediaServerIntegration(), new TmdbIntegration(), new OmdbIntegration(),
                new TraktIntegration(), new MdblistIntegration(), new JellyseerrIntegration(),
                new OpenaiIntegration());
    }

    public final Config config;
    public final Clock clock;
    public final Database database;
    public final Integrations integrations;
    public final IntegrationStore integrationStore;
    public final AlertBook alerts;
    public final AlertQueries alertQueries;
    public final Retention retention;
    public final Accounts accounts;
    public final Calls calls;
    public final Pacer pacer;
    public final QuotaBook quotas;
    public final Metrics metrics;
    public final HealthChecks health;
    public final WebServer web;
    private final Schedules schedules;
    private final Optional<String> generatedPassword;

    public App(Config config, Clock clock) {
        this(config, clock, Map.of(), Sleeper.REAL);
    }

    /** {@code env} holds the pacing and health-check knobs (APERTURE_RATE_*, APERTURE_HEALTH_* …). */
    public App(Config config, Clock clock, Map<String, String> env, Sleeper sleeper) {
        this.config = config;
        this.clock = clock;
        this.database = Database.open(config.databaseUrl(), config.dataDir());
        SecretBox box = SecretBox.open(config.secretKey(), config.dataDir());
        this.integrations = new Integrations(services());
        this.integrationStore = new IntegrationStore(database.jdbi(), box, clock);
        this.alerts = new AlertBook(database.jdbi(), clock, AlertListener.NONE);
        this.alertQueries = new AlertQueries(database.jdbi());
        this.retention = new Retention(database.jdbi(), clock, config.alertRetention());
        this.accounts = new Accounts(database.jdbi(), clock);
        this.generatedPassword = accounts.ensureAdmin(config.adminPassword());
        // Pacing, quotas and metrics: every call passes one limiter per service and is counted.
        PacingSettings pacing = PacingSettings.fromEnvironment(env);
        var policies = pacing.applyAll(integrations.policies());
        this.quotas = new QuotaBook(policies, integrations.probeCosts(), database.jdbi(), new QuotaWarning(alerts), clock,
                pacing.quotaWarnPercent());
        this.metrics = new Metrics(alertQueries, quotas);
        this.pacer = new Pacer(policies, pacing, clock, sleeper, PacingEvents.both(quotas, metrics));
        this.calls = new Calls(integrations.classifiers(), integrations.selfHosted(),
                new HttpWire(config.connectTimeout(), config.requestTimeout(), 4 << 20), pacer, alerts,
                metrics, clock, integrationStore::allSecrets);
        ConnectionTest tester = new ConnectionTest(integrations, integrationStore, calls, alerts);
        HealthSettings healthSettings = HealthSettings.fromEnvironment(env);
        this.health = new HealthChecks(integrations, integrationStore, tester, alertQueries, pacer, database.jdbi(),
                healthSettings, clock);
        this.web = new WebServer(accounts, List.of(
                new HealthRoutes(database),
                new AuthRoutes(accounts, new LoginThrottle(clock)),
                new IntegrationRoutes(integrations, integrationStore, tester, alertQueries, quotas::nearlyUsed),
                new AlertRoutes(alerts, alertQueries, new ErrorLog(database.jdbi())),
                new QuotaRoutes(quotas, pacer), new MetricsRoutes(metrics)));
        List<Schedules.Recurring> recurring = new ArrayList<>(List.of(
                new Schedules.Recurring("alert-retention", config.retentionEvery(), retention::run),
                new Schedules.Recurring("quota-prune", Duration.ofHours(6), quotas::prune)));
        if (healthSettings.background()) {
            recurring.add(new Schedules.Recurring("health-checks", healthSettings.tickEvery(), health::tick));
        }
        this.schedules = new Schedules(database, recurring);
    }

    public App start() {
        web.start(config.host(), config.port());
        schedules.start();
        generatedPassword.ifPresent(pw -> LOG.warn("First start: created user 'admin' with generated password {} "
                + "(shown once; set APERTURE_ADMIN_PASSWORD to choose it)", pw));
        LOG.info("Aperture listening on http://localhost:{} (database: {})", web.port(),
                database.vendor().name().toLowerCase(java.util.Locale.ROOT));
        return this;
    }

    public int port() {
        return web.port();
    }

    @Override
    public void close() {
        schedules.close();
        web.stop();
        database.close();
    }
}
