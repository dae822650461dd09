package dev.aperture;

import dev.aperture.secrets.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Everything Aperture reads from its environment (APERTURE_* variables), parsed once at start-up. */
public record Config(int port, String host, Path dataDir, Optional<String> databaseUrl, Secret adminPassword,
                     Secret secretKey, LogFormat logFormat, Duration alertRetention, Duration retentionEvery,
                     Duration connectTimeout, Duration requestTimeout, Duration jobTick, Duration runRetention,
                     String instanceName, Optional<String> publicUrl, Duration notifyBatchWindow,
                     Duration notifyTick, Duration heartbeat, Duration stopGrace) {

    public enum LogFormat { TEXT, JSON }

    public static Config fromEnvironment(Map<String, String> env) {
        int port = parsePort(env.getOrDefault("APERTURE_PORT", "3456"));
        String host = env.getOrDefault("APERTURE_HOST", "0.0.0.0");
        Path dataDir = Path.of(env.getOrDefault("APERTURE_DATA_DIR", "./data"));
        Optional<String> db = Optional.ofNullable(env.get("APERTURE_DATABASE_URL")).filter(s -> !s.isBlank());
        String format = env.getOrDefault("APERTURE_LOG_FORMAT", "text").trim().toUpperCase(Locale.ROOT);
        if (!format.equals("TEXT") && !format.equals("JSON")) {
            throw new IllegalArgumentException("APERTURE_LOG_FORMAT must be text or json, not '" + format + "'");
        }
        Duration retention = Duration.ofDays(parsePositive("APERTURE_ALERT_RETENTION_DAYS",
                env.getOrDefault("APERTURE_ALERT_RETENTION_DAYS", "7")));
        Duration retentionEvery = Duration.ofSeconds(Math.max(1, parsePositive("APERTURE_RETENTION_INTERVAL_SECONDS",
                env.getOrDefault("APERTURE_RETENTION_INTERVAL_SECONDS", "3600"))));
        Duration jobTick = Duration.ofSeconds(Math.max(1, parsePositive("APERTURE_JOB_TICK_SECONDS",
                env.getOrDefault("APERTURE_JOB_TICK_SECONDS", "10"))));
        Duration runRetention = Duration.ofDays(parsePositive("APERTURE_JOB_RUN_RETENTION_DAYS",
                env.getOrDefault("APERTURE_JOB_RUN_RETENTION_DAYS", "30")));
        String instance = env.getOrDefault("APERTURE_INSTANCE_NAME", defaultInstanceName(port, dataDir));
        Optional<String> publicUrl = Optional.ofNullable(env.get("APERTURE_PUBLIC_URL")).map(String::trim)
                .filter(s -> !s.isEmpty());
        publicUrl.ifPresent(Config::checkPublicUrl);
        Duration batchWindow = Duration.ofSeconds(parsePositive("APERTURE_NOTIFY_BATCH_SECONDS",
                env.getOrDefault("APERTURE_NOTIFY_BATCH_SECONDS", "30")));
        Duration notifyTick = Duration.ofSeconds(Math.max(1, parsePositive("APERTURE_NOTIFY_TICK_SECONDS",
                env.getOrDefault("APERTURE_NOTIFY_TICK_SECONDS", "5"))));
        // Every process beats this often; the gaps after which peers count it gone are multiples (README,
        // "Running several instances").
        Duration heartbeat = Duration.ofSeconds(Math.max(1, parsePositive("APERTURE_HEARTBEAT_SECONDS",
                env.getOrDefault("APERTURE_HEARTBEAT_SECONDS", "5"))));
        return new Config(port, host, dataDir, db, Secret.of(env.get("APERTURE_ADMIN_PASSWORD")),
                Secret.of(env.get("APERTURE_SECRET_KEY")), LogFormat.valueOf(format), retention, retentionEvery,
                Duration.ofSeconds(5), Duration.ofSeconds(20), jobTick, runRetention, instance, publicUrl, batchWindow,
                notifyTick, heartbeat, STOP_GRACE);
    }

    /**
     * How long a stop lets job items in flight finish before interrupting them: with the 2 s after the interrupt
     * and the scheduler's 5 s running alongside, the process exits inside the 10 s {@code docker stop} waits
     * before SIGKILL.
     */
    static final Duration STOP_GRACE = Duration.ofSeconds(4);

    /** Same settings, listening on loopback only with the given outbound timeouts (tests, the demo). */
    public Config onLoopback(Duration connect, Duration request) {
        return new Config(port, "127.0.0.1", dataDir, databaseUrl, adminPassword, secretKey, logFormat, alertRetention,
                retentionEvery, connect, request, jobTick, runRetention, instanceName, publicUrl, notifyBatchWindow,
                notifyTick, heartbeat, stopGrace);
    }

    /** Same settings with another stop grace: a test that restarts mid-run need not wait out the server's. */
    public Config withStopGrace(Duration grace) {
        return new Config(port, host, dataDir, databaseUrl, adminPassword, secretKey, logFormat, alertRetention,
                retentionEvery, connectTimeout, requestTimeout, jobTick, runRetention, instanceName, publicUrl,
                notifyBatchWindow, notifyTick, heartbeat, grace);
    }

    private static void checkPublicUrl(String url) {
        if (!url.matches("(?i)https?://[^/\\s]+(/\\S*)?")) {
            throw new IllegalArgumentException("APERTURE_PUBLIC_URL must be an http:// or https:// URL, not '" + url + "'");
        }
    }

    /** Names this process for job runs it owns: the host plus the data dir, stable across restarts. */
    private static String defaultInstanceName(int port, Path dataDir) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + ":" + port + ":" + dataDir.toAbsolutePath().normalize();
    }

    private static int parsePort(String value) {
        int port = parsePositive("APERTURE_PORT", value);
        if (port > 65535) {
            throw new IllegalArgumentException("APERTURE_PORT must be between 0 and 65535, not " + port);
        }
        return port;
    }

    private static int parsePositive(String name, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a non-negative number, not '" + value + "'");
        }
    }
}
