package dev.aperture;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aperture.alerts.AlertRoutes;
import dev.aperture.alerts.AlertStore;
import dev.aperture.alerts.Retention;
import dev.aperture.auth.Accounts;
import dev.aperture.auth.AuthRoutes;
import dev.aperture.auth.ClientAddress;
import dev.aperture.auth.LoginThrottle;
import dev.aperture.calls.CallObserver;
import dev.aperture.auth.Logins;
import dev.aperture.calls.Calls;
import dev.aperture.calls.HttpWire;
import dev.aperture.calls.ServiceId;
import dev.aperture.cluster.InstanceRoutes;
import dev.aperture.cluster.Instances;
import dev.aperture.embeddings.GenerateEmbeddingsJob;
import dev.aperture.health.HealthChecks;
import dev.aperture.health.HealthSettings;
import dev.aperture.integrations.ConnectionTest;
import dev.aperture.integrations.Integration;
import dev.aperture.integrations.IntegrationRoutes;
import dev.aperture.integrations.IntegrationStore;
import dev.aperture.integrations.Integrations;
import dev.aperture.integrations.PayloadReader;
import dev.aperture.integrations.jellyseerr.JellyseerrClient;
import dev.aperture.integrations.jellyseerr.JellyseerrIntegration;
import dev.aperture.integrations.mdblist.MdblistClient;
import dev.aperture.integrations.mdblist.MdblistIntegration;
import dev.aperture.integrations.mediaserver.MediaServerClient;
import dev.aperture.integrations.mediaserver.MediaServerIntegration;
import dev.aperture.integrations.omdb.OmdbClient;
import dev.aperture.integrations.omdb.OmdbIntegration;
import dev.aperture.integrations.openai.OpenaiClient;
import dev.aperture.integrations.openai.OpenaiIntegration;
import dev.aperture.integrations.tmdb.TmdbClient;
import dev.aperture.integrations.tmdb.TmdbIntegration;
import dev.aperture.integrations.trakt.TraktClient;
import dev.aperture.integrations.trakt.TraktIntegration;
import dev.aperture.jobs.HousekeepingJob;
import dev.aperture.jobs.Job;
import dev.aperture.jobs.JobEngine;
import dev.aperture.jobs.JobRoutes;
import dev.aperture.jobs.RunScope;
import dev.aperture.jobs.RunStore;
import dev.aperture.jobs.Schedules;
import dev.aperture.library.EnrichMetadataJob;
import dev.aperture.library.LibraryRoutes;
import dev.aperture.library.LibraryStore;
import dev.aperture.library.SyncLibraryJob;
import dev.aperture.metrics.Metrics;
import dev.aperture.metrics.MetricsRoutes;
import dev.aperture.notify.Notifications;
import dev.aperture.pacing.Pacer;
import dev.aperture.pacing.PacingSettings;
import dev.aperture.pacing.Sleeper;
import dev.aperture.quotas.QuotaBook;
import dev.aperture.quotas.QuotaRoutes;
import dev.aperture.quotas.QuotaWarning;
import dev.aperture.lists.ListRoutes;
import dev.aperture.lists.ListStore;
import dev.aperture.lists.RefreshMdblistListsJob;
import dev.aperture.ratings.SyncTraktRatingsJob;
import dev.aperture.ratings.TraktDeviceFlow;
import dev.aperture.ratings.TraktRoutes;
import dev.aperture.ratings.TraktTokens;
import dev.aperture.requests.RequestStore;
import dev.aperture.requests.SyncJellyseerrRequestsJob;
import dev.aperture.requests.UserMappingRoutes;
import dev.aperture.secrets.SecretBox;
import dev.aperture.store.Database;
import dev.aperture.ui.BookedQuotas;
import dev.aperture.ui.WebUi;
import dev.aperture.web.HealthRoutes;
import dev.aperture.web.Json;
import dev.aperture.web.WebServer;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    /** The one JSON mapper: the API's bodies, the outbox, stored settings and notification payloads. */
    public final ObjectMapper json;
    public final Database database;
    public final Integrations integrations;
    public final IntegrationStore integrationStore;
    public final AlertStore alerts;
    public final Retention retention;
    public final Accounts accounts;
    public final Logins logins;
    public final Calls calls;
    public final LibraryStore library;
    public final JobEngine jobs;
    public final Notifications notifications;
    public final Pacer pacer;
    public final QuotaBook quotas;
    public final Metrics metrics;
    public final HealthChecks health;
    public final Instances instances;
    public final WebServer web;
    private final Schedules schedules;
    /** The one mapper that reads providers' payloads, shared by every typed client. */
    private final ObjectMapper payloads = PayloadReader.boundedMapper();
    private final TraktTokens traktTokens;
    private final TraktDeviceFlow traktDevice;
    private final ListStore lists;
    private final RequestStore requests;
    private final Optional<String> generatedPassword;
    /** Held while this App lives: {@code aperture restore} refuses to replace a database a server uses. */
    private final dev.aperture.ops.ServerLock serverLock;

    public App(Config config, Clock clock) {
        this(config, clock, Map.of(), Sleeper.REAL);
    }

    /**
     * {@code env} holds the pacing and health-check knobs (APERTURE_RATE_*, APERTURE_HEALTH_* …);
     * {@code sleeper} is how pacing and job runs wait — tests pass one that moves their clock.
     */
    public App(Config config, Clock clock, Map<String, String> env, Sleeper sleeper) {
        this(config, clock, env, sleeper, dev.aperture.auth.PasswordCost.OWASP_MINIMUM);
    }

    /** {@code passwordCost}: the server's is always OWASP's minimum; tests that start hundreds of apps pass less. */
    public App(Config config, Clock clock, Map<String, String> env, Sleeper sleeper,
               dev.aperture.auth.PasswordCost passwordCost) {
        this.config = config;
        this.clock = clock;
        // Before the store and the key file: the directory they live in is created 0700 (also with PostgreSQL).
        dev.aperture.store.DataDir.create(config.dataDir());
        this.serverLock = dev.aperture.ops.ServerLock.hold(config.dataDir());
        this.json = Json.newMapper();
        this.database = Database.open(config.databaseUrl(), config.dataDir(), Database.connectionTimeout(env));
        SecretBox box = SecretBox.open(config.secretKey(), config.dataDir());
        dev.aperture.secrets.KeyCheck.verify(database.jdbi(), box);
        this.integrations = new Integrations(services());
        this.integrationStore = new IntegrationStore(database, box, clock, json);
        // Notifications: links point at APERTURE_PUBLIC_URL, else this server on localhost. The worker reads the
        // open alerts of the store built next, which tells the notifications' listener what opens and resolves.
        this.notifications = new Notifications(database.jdbi(), box, clock, this::openAlerts,
                config.notifyBatchWindow(),
                config.connectTimeout(), config.requestTimeout(),
                () -> config.publicUrl().orElseGet(() -> "http://localhost:" + port()), json);
        // Repeated failures are counted in memory and written in batches (a storm costs no transaction each).
        this.alerts = new AlertStore(database, clock, notifications.listener(), json);
        // An answer ends the alerts it proves wrong (docs/alert-states.md); ending them is the store's step.
        dev.aperture.alerts.Superseding superseding = new dev.aperture.alerts.Superseding(alerts::ongoing, alerts::end);
        this.retention = new Retention(alerts, config.alertRetention());
        this.accounts = new Accounts(database, clock, passwordCost);
        this.generatedPassword = accounts.ensureAdmin(config.adminPassword());
        // Pacing, quotas and metrics: every call passes one limiter per service and is counted.
        PacingSettings pacing = PacingSettings.fromEnvironment(env);
        var policies = pacing.applyAll(integrations.policies());
        this.quotas = new QuotaBook(policies, integrations.probeCosts(), database.jdbi(), new QuotaWarning(alerts), clock,
                pacing.quotaWarnPercent());
        this.metrics = new Metrics(alerts, quotas);
        // Several processes on one database split each provider's limit and share its waits (README).
        this.instances = new Instances(database.jdbi(), config.instanceName(), clock, config.heartbeat());
        this.pacer = new Pacer(policies, pacing, clock, sleeper, instances);
        instances.alsoEachBeat(pacer::sync);
        // Settings saved on another instance: their keys must be scrubbed here too.
        instances.alsoEachBeat(integrationStore::rereadSecrets);
        this.calls = new Calls(integrations.classifiers(), integrations.selfHosted(),
                new HttpWire(config.connectTimeout(), config.requestTimeout(), 4 << 20), pacer, alerts,
                CallObserver.all(quotas, metrics, superseding, new dev.aperture.integrations.LastSuccess(integrationStore)),
                clock, integrationStore::allSecrets);
        this.library = new LibraryStore(database.jdbi(), clock);
        this.traktTokens = new TraktTokens(database.jdbi(), box, clock);
        TraktIntegration trakt = integrations.get(ServiceId.TRAKT, TraktIntegration.class);
        this.traktDevice = new TraktDeviceFlow(trakt, new TraktClient(trakt, payloads), calls,
                integrationStore, traktTokens, database.jdbi(), box, clock);
        instances.alsoEachBeat(traktDevice::start);
        this.lists = new ListStore(database.jdbi(), clock);
        this.requests = new RequestStore(database.jdbi(), clock);
        RunStore runs = new RunStore(database.jdbi(), clock);
        this.jobs = new JobEngine(jobs(runs), runs, database.jdbi(), calls, integrations, integrationStore, alerts,
                clock, sleeper, RunScope.Policy.DEFAULT, config.instanceName(), config.heartbeat(), config.stopGrace(),
                (job, status) -> metrics.runFinished(job, status.wire()));
        ConnectionTest tester = new ConnectionTest(integrations, integrationStore, calls, alerts);
        HealthSettings healthSettings = HealthSettings.fromEnvironment(env);
        this.health = new HealthChecks(integrations, integrationStore, tester, alerts, pacer, database.jdbi(),
                healthSettings, clock);
        this.logins = new Logins(accounts, new LoginThrottle(clock), ClientAddress.RESOLVED);
        IntegrationRoutes integrationRoutes = new IntegrationRoutes(integrations, integrationStore, tester, alerts,
                quotas::nearlyUsed, service -> {
                    pacer.forget(service);
                    quotas.forget(service);
                }, service -> {
                    if (service == ServiceId.TRAKT) {
                        traktTokens.forgetTokens();
                    }
                });
        JobRoutes jobRoutes = new JobRoutes(jobs, json);
        TraktRoutes traktRoutes = new TraktRoutes(traktDevice, traktTokens);
        ListRoutes listRoutes = new ListRoutes(lists, integrationStore);
        UserMappingRoutes mappingRoutes = new UserMappingRoutes(requests);
        WebUi ui = new WebUi(logins, integrations, integrationRoutes, alerts, jobRoutes, jobs, new BookedQuotas(quotas),
                new WebUi.Features(notifications.routes(), traktRoutes, listRoutes, mappingRoutes), clock);
        this.web = new WebServer(json, accounts, List.of(
                new HealthRoutes(database),
                new AuthRoutes(logins),
                integrationRoutes,
                new AlertRoutes(alerts, json),
                new LibraryRoutes(library),
                jobRoutes,
                traktRoutes,
                listRoutes,
                mappingRoutes,
                notifications.routes(),
                new QuotaRoutes(quotas, pacer),
                new InstanceRoutes(instances),
                new MetricsRoutes(metrics)), ui.pages(), ui.errorPage(),
                dev.aperture.web.TrustedProxies.fromEnvironment(env));
        List<Schedules.Recurring> recurring = new ArrayList<>(List.of(
                new Schedules.Recurring("job-ticker", config.jobTick(), jobs::tick),
                notifications.recurring(config.notifyTick()),
                new Schedules.Recurring("quota-prune", Duration.ofHours(6), quotas::prune)));
        if (healthSettings.background()) {
            recurring.add(new Schedules.Recurring("health-checks", healthSettings.tickEvery(), health::tick));
        }
        this.schedules = new Schedules(database, recurring, config.heartbeat());
    }

    /** One line per job. */
    private List<Job> jobs(RunStore runs) {
        return List.of(
                new SyncLibraryJob(new MediaServerClient(
                        integrations.get(ServiceId.MEDIASERVER, MediaServerIntegration.class), payloads), library),
                new EnrichMetadataJob(new TmdbClient(integrations.get(ServiceId.TMDB, TmdbIntegration.class), payloads),
                        new OmdbClient(integrations.get(ServiceId.OMDB, OmdbIntegration.class), payloads), library,
                        Duration.ofDays(30)),
                new HousekeepingJob(retention, runs, config.runRetention(), config.retentionEvery()),
                new SyncTraktRatingsJob(new TraktClient(integrations.get(ServiceId.TRAKT, TraktIntegration.class),
                        payloads), calls, traktTokens, database.jdbi(), clock),
                new RefreshMdblistListsJob(new MdblistClient(
                        integrations.get(ServiceId.MDBLIST, MdblistIntegration.class), payloads), lists),
                new SyncJellyseerrRequestsJob(new JellyseerrClient(
                        integrations.get(ServiceId.JELLYSEERR, JellyseerrIntegration.class), payloads), requests, alerts),
                new GenerateEmbeddingsJob(new OpenaiClient(
                        integrations.get(ServiceId.OPENAI, OpenaiIntegration.class), payloads), library));
    }

    /** Whether start() got as far as writing the port file, so close() removes it only then. */
    private volatile boolean portFileWritten;

    public App start() {
        instances.join();
        alerts.start();
        jobs.start();
        traktDevice.start();
        web.start(config.host(), config.port());
        dev.aperture.web.PortFile.write(config.dataDir(), web.port());
        portFileWritten = true;
        schedules.start();
        generatedPassword.ifPresent(pw -> LOG.warn("First start: created user 'admin' with generated password {} "
                + "(shown once; set APERTURE_ADMIN_PASSWORD to choose it)", pw));
        LOG.info("Aperture listening on http://localhost:{} (database: {})", web.port(),
                database.vendor().name().toLowerCase(java.util.Locale.ROOT));
        return this;
    }

    /** For the notification worker, built before the store. */
    private List<dev.aperture.alerts.Alert> openAlerts() {
        return alerts.openAlerts();
    }

    public int port() {
        return web.port();
    }

    /**
     * The stop order loses nothing: job items in flight finish or stay pending (their runs end interrupted, a retry
     * resumes them), a notification send under way gets the scheduler's 5 s and an unaccepted one keeps its
     * pending outbox row (sent again when its lease ends), and held alert counts are written before the store
     * closes. Inside the 10 s docker stop waits (Config.stopGrace).
     */
    @Override
    public void close() {
        jobs.stopTaking();
        // Read before the stop: a stopped server no longer knows its port.
        int boundPort = web.port();
        web.stop();
        schedules.close();
        traktDevice.close();
        jobs.close();
        if (portFileWritten) {
            dev.aperture.web.PortFile.remove(config.dataDir(), boundPort);
        }
        alerts.stop();
        instances.close();
        database.close();
        serverLock.close();
    }
}
