package dev.aperture.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Aperture as its own process, started from the test classpath the way {@code java -jar} starts it
 * ({@code dev.aperture.Main}), so a test can kill it for real and start another on the same data.
 */
public final class ApertureProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;

    private ApertureProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts it with only {@code env} as its APERTURE_* settings and waits until /api/health answers 200. */
    public static ApertureProcess start(int port, Map<String, String> env) throws IOException {
        return start(port, env, java.util.List.of());
    }

    /** {@code jvmOptions}: e.g. the heap flags {@code scripts/start} uses, to hold the service to its real memory. */
    public static ApertureProcess start(int port, Map<String, String> env, java.util.List<String> jvmOptions)
            throws IOException {
        Path log = Files.createTempFile("aperture-process", ".log");
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), "dev.aperture.Main"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("APERTURE_"));
        pb.environment().putAll(env);
        pb.environment().put("APERTURE_PORT", String.valueOf(port));
        ApertureProcess started = new ApertureProcess(pb.start(), log, port);
        RestClient anonymous = RestClient.anonymous(started.baseUrl());
        // Generous: a JVM from the whole test classpath, on a CI machine shared with other builds, took over 60 s.
        await().atMost(Duration.ofSeconds(180)).ignoreExceptions().until(() -> {
            if (!started.process.isAlive()) {
                throw new AssertionError("Aperture exited at start-up:\n" + Files.readString(log));
            }
            return anonymous.get("/api/health").status() == 200;
        });
        return started;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
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
        process.destroy();
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
