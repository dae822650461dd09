package dev.aperture.testing;

import static org.awaitility.Awaitility.await;

import dev.aperture.web.PortFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Aperture as its own process, started from the test classpath the way {@code java -jar} starts it
 * ({@code dev.aperture.Main}), so a test can kill it for real and start another on the same data. It binds
 * port 0 and the test reads the port it took from the port file in its data dir: no port is chosen first and
 * released, for another process to take in between.
 */
public final class ApertureProcess implements AutoCloseable {

    /** How long a start may take before the test gives up on it. */
    public static final Duration START = Duration.ofMinutes(5);

    private final Process process;
    private final Path log;
    private final int port;

    private ApertureProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts it with only {@code env} as its APERTURE_* settings and waits until /api/health answers 200. */
    public static ApertureProcess start(Map<String, String> env) throws IOException {
        return start(env, List.of());
    }

    /** {@code jvmOptions}: e.g. the heap flags {@code scripts/start} uses, to hold the service to its real memory. */
    public static ApertureProcess start(Map<String, String> env, List<String> jvmOptions) throws IOException {
        Map<String, String> settings = new HashMap<>(env);
        if (!settings.containsKey("APERTURE_DATA_DIR")) {
            settings.put("APERTURE_DATA_DIR", Files.createTempDirectory("aperture-process").toString());
        }
        settings.put("APERTURE_PORT", "0");
        Path portFile = Path.of(settings.get("APERTURE_DATA_DIR")).resolve(PortFile.NAME);
        // A process killed earlier on this data dir left its port behind; this one writes its own.
        Files.deleteIfExists(portFile);
        Path log = Files.createTempFile("aperture-process", ".log");
        List<String> command = javaCommand(jvmOptions);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("APERTURE_"));
        pb.environment().putAll(settings);
        Process process = pb.start();
        // A JVM start on a busy 2-core machine (a CI runner, or tests run under nice) has taken over a minute, and
        // over three at a load average of 50 to 70.
        try {
            int port = await().atMost(START).ignoreExceptions().until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("Aperture exited at start-up:\n" + Files.readString(log));
                }
                return Integer.parseInt(Files.readString(portFile).trim());
            }, p -> p > 0);
            ApertureProcess started = new ApertureProcess(process, log, port);
            RestClient anonymous = RestClient.anonymous(started.baseUrl());
            await().atMost(START).ignoreExceptions().until(() -> anonymous.get("/api/health").status() == 200);
            return started;
        } catch (RuntimeException | Error e) {
            // A start given up on must not outlive the test (one was found running 20 minutes later).
            process.destroyForcibly();
            throw e;
        }
    }

    /**
     * {@code java ... dev.aperture.Main} on the test classpath, with start-up flags for a child JVM that lives
     * for seconds: C1 only (C2 would spend the start compiling on the cores the other processes need), Serial GC
     * (no GC threads to start), class data sharing where the JDK has its archive, no perf-data file. Tests only;
     * {@code jvmOptions} come after them, so a test that needs other flags (e.g. a heap size) sets its own.
     */
    public static List<String> javaCommand(List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-XX:-UsePerfData"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.aperture.Main"));
        return command;
    }

    /**
     * Starts one process per {@code envs} at the same time (their JVM starts overlap) and waits until all answer;
     * in the order given. When one fails to start, the others are stopped and its failure thrown.
     */
    public static List<ApertureProcess> startTogether(List<Map<String, String>> envs) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(envs.size());
        try {
            List<java.util.concurrent.Future<ApertureProcess>> starts = new ArrayList<>();
            for (Map<String, String> env : envs) {
                starts.add(pool.submit(() -> start(env)));
            }
            List<ApertureProcess> started = new ArrayList<>();
            Exception failed = null;
            for (java.util.concurrent.Future<ApertureProcess> f : starts) {
                try {
                    started.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    failed = failed == null ? e : failed;
                }
            }
            if (failed != null) {
                for (ApertureProcess p : started) {
                    p.close();
                }
                throw failed;
            }
            return started;
        } finally {
            pool.shutdown();
        }
    }

    /** The port the process took, as its port file in the data dir says. */
    public static int portIn(Path dataDir) throws IOException {
        return Integer.parseInt(Files.readString(dataDir.resolve(PortFile.NAME)).trim());
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or closed, as when the machine loses power. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * SIGTERM, as {@code docker stop} and {@code systemctl stop} send it: true when the process exited within
     * {@code grace} (after which they would SIGKILL it).
     */
    public boolean terminate(Duration grace) throws InterruptedException {
        sigterm();
        return awaitExit(grace);
    }

    /** SIGTERM without waiting: the test can watch the stop under way, then {@link #awaitExit}. */
    public void sigterm() {
        process.destroy();
    }

    /** True when the process exited within {@code grace}. */
    public boolean awaitExit(Duration grace) throws InterruptedException {
        return process.waitFor(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }
}
