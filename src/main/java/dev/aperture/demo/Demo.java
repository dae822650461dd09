package dev.aperture.demo;

import dev.aperture.App;
import dev.aperture.Config;
import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.Field;
import dev.aperture.integrations.Settings;
import dev.aperture.pacing.Sleeper;
import dev.aperture.secrets.Secret;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real Aperture against simulated services on loopback, configured and scripted so a newcomer
 * sees alerts open, count up, get dismissed and clear by themselves within minutes. {@code speed}
 * shortens every delay of the script and of the health checks (the end-to-end test runs it fast).
 */
public final class Demo implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);
    static final String DEFAULT_PASSWORD = "demo";
    /** The simulated OMDb key's daily limit: low, so it runs out during the first enrichment run. */
    static final int OMDB_DAILY_LIMIT = 150;

    public final SimulatedServices sims;
    public final App app;
    public final String adminPassword;
    final int speed;
    private final WebhookReceiver webhook;
    private final DemoControl control;
    private final DemoScript script;
    private final String jellyseerrWrongUrl;

    public Demo(Path dataDir, int port, int speed, String adminPassword) throws IOException, InterruptedException {
        this.speed = Math.max(1, speed);
        this.adminPassword = adminPassword == null || adminPassword.isBlank() ? DEFAULT_PASSWORD : adminPassword;
        this.sims = new SimulatedServices(300, OMDB_DAILY_LIMIT);
        this.webhook = new WebhookReceiver();
        Map<String, String> env = new HashMap<>();
        env.put("APERTURE_PORT", String.valueOf(port));
        env.put("APERTURE_DATA_DIR", dataDir.toString());
        env.put("APERTURE_ADMIN_PASSWORD", this.adminPassword);
        env.put("APERTURE_JOB_TICK_SECONDS", "5");
        env.put("APERTURE_NOTIFY_BATCH_SECONDS", String.valueOf(Math.max(1, 10 / this.speed)));
        env.put("APERTURE_NOTIFY_TICK_SECONDS", "1");
        // Health checks at demo pace: a minute instead of 15, and 30 s probes while something is down.
        env.put("APERTURE_HEALTH_TICK_SECONDS", String.valueOf(Math.max(1, 5 / this.speed)));
        for (ServiceId s : ServiceId.values()) {
            if (s != ServiceId.OMDB) {
                env.put("APERTURE_HEALTH_INTERVAL_" + s.id().toUpperCase(java.util.Locale.ROOT), scaled(60) + "s");
            }
        }
        env.put("APERTURE_HEALTH_OUTAGE_BACKOFF", scaled(30) + "s");
        Config config = Config.fromEnvironment(env).onLoopback(Duration.ofSeconds(3), Duration.ofSeconds(10));
        this.app = new App(config, Clock.systemUTC(), env, Sleeper.REAL);
        this.jellyseerrWrongUrl = "http://127.0.0.1:" + closedPort();
        configure();
        app.start();
        this.control = new DemoControl(sims, dataDir, app.port());
        this.script = new DemoScript(this, new DemoDriver("http://127.0.0.1:" + app.port(), this.adminPassword,
                app.json));
    }

    long scaled(long seconds) {
        return Math.max(1, seconds / speed);
    }

    /** Points every integration at its simulator — Jellyseerr at a wrong port, for the admin to fix. */
    private void configure() {
        save(ServiceId.MEDIASERVER, Settings.empty().with(Field.BASE_URL, sims.baseUrl(ServiceId.MEDIASERVER))
                .with(Field.SERVER_TYPE, "jellyfin").withSecret(Field.API_KEY, Secret.of(SimJellyfin.KEY)));
        save(ServiceId.TMDB, Settings.empty().with(Field.BASE_URL, sims.baseUrl(ServiceId.TMDB) + "/3")
                .withSecret(Field.API_KEY, Secret.of(SimTmdb.KEY)));
        save(ServiceId.OMDB, Settings.empty().with(Field.BASE_URL, sims.baseUrl(ServiceId.OMDB))
                .withSecret(Field.API_KEY, Secret.of(SimOmdb.KEY)));
        save(ServiceId.TRAKT, Settings.empty().with(Field.BASE_URL, sims.baseUrl(ServiceId.TRAKT))
                .with(Field.CLIENT_ID, SimTrakt.CLIENT_ID).withSecret(Field.CLIENT_SECRET, Secret.of(SimTrakt.CLIENT_SECRET)));
        save(ServiceId.MDBLIST, Settings.empty().with(Field.BASE_URL, sims.baseUrl(ServiceId.MDBLIST))
                .with(Field.LIST_IDS, "top-250-movies").withSecret(Field.API_KEY, Secret.of(SimMdblist.KEY)));
        save(ServiceId.JELLYSEERR, Settings.empty().with(Field.BASE_URL, jellyseerrWrongUrl)
                .withSecret(Field.API_KEY, Secret.of(SimJellyseerr.KEY)));
        save(ServiceId.OPENAI, Settings.empty().with(Field.BASE_URL, sims.baseUrl(ServiceId.OPENAI) + "/v1")
                .withSecret(Field.API_KEY, Secret.of(SimOpenai.KEY)));
        if (!app.accounts.exists("alice")) {
            // alice requested titles in Jellyseerr; carol did not get an Aperture account: a mapping alert.
            app.accounts.createUser("alice", "alice-demo", "user");
        }
    }

    private void save(ServiceId service, Settings settings) {
        app.integrationStore.save(service, settings);
    }

    public String url() {
        return "http://localhost:" + app.port();
    }

    String webhookUrl() {
        return webhook.url();
    }

    int webhookMessages() {
        return webhook.received.size();
    }

    /** The address Jellyseerr really answers on, for the admin to put in its settings. */
    public String jellyseerrUrl() {
        return sims.baseUrl(ServiceId.JELLYSEERR);
    }

    /** Jellyseerr's key: a new host or port takes the key again, so the admin types it with the URL. */
    public String jellyseerrKey() {
        return SimJellyseerr.KEY;
    }

    public void startScript() {
        script.start();
    }

    public String banner() {
        return String.join("\n",
                "",
                "  Aperture demo is running: " + url(),
                "  Log in as admin / " + adminPassword,
                "",
                "  Seven simulated services run on 127.0.0.1 and follow a script over the next few minutes:",
                "  TMDb rate-limits the enrichment run (paced, recovered); OMDb's daily quota runs out mid-run;",
                "  MDBList goes down and comes back (the health check clears it); Trakt tokens expire and refresh",
                "  silently, then bob's refresh is refused; Jellyseerr's URL is wrong until you fix it:",
                "    Settings → Integrations → Jellyseerr → Base URL = " + jellyseerrUrl(),
                "    and API Key = " + jellyseerrKey() + " (a saved key is only sent to the port it was saved for)",
                "  Notifications go to a demo webhook receiver (see the 'demo webhook received' log lines).",
                "  Break or heal a service from another terminal:",
                "    java -jar target/aperture.jar demo break tmdb auth    (auth | rate-limit | outage)",
                "    java -jar target/aperture.jar demo heal tmdb",
                "");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        script.close();
        control.close();
        app.close();
        webhook.close();
        sims.close();
        LOG.info("demo stopped; simulators closed");
    }
}
