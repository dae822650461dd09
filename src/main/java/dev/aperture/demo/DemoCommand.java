package dev.aperture.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aperture demo}: the whole product against simulated services, plus break/heal/status for them. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run Aperture against simulated services on 127.0.0.1 (no API keys, no internet).",
        subcommands = {DemoCommand.Break.class, DemoCommand.Heal.class, DemoCommand.Status.class})
public final class DemoCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);
    static final Path DEFAULT_DIR = Path.of("data-demo");

    @Option(names = "--data-dir", description = "Data dir of the demo (default: ./data-demo, wiped at each start).")
    Path dataDir;

    @Option(names = "--port", description = "HTTP port (default: APERTURE_PORT or 3456).")
    Integer port;

    @Option(names = "--speed", description = "Run the script N times faster (default 1: a few minutes).",
            defaultValue = "1")
    int speed;

    @Override
    public Integer call() throws Exception {
        Path dir = dataDir == null ? DEFAULT_DIR : dataDir;
        if (dataDir == null) {
            wipe(dir);
        }
        int p = port != null ? port : Integer.parseInt(System.getenv().getOrDefault("APERTURE_PORT", "3456"));
        Demo demo = new Demo(dir, p, speed, System.getenv("APERTURE_ADMIN_PASSWORD"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.close();
            stopped.countDown();
        }, "demo-shutdown"));
        LOG.info("{}", demo.banner());
        demo.startScript();
        stopped.await();
        return 0;
    }

    /** The default demo dir holds nothing but a previous demo; a named one is never deleted. */
    private static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    /**
     * Sends a control request to the running demo and prints its answer on {@code out}: picocli's writer, so the
     * table starts on a line of its own rather than after a log prefix. The demo is found by {@code dataDir}
     * when given, else by the port it serves on (default APERTURE_PORT or 3456), from any folder.
     */
    static int control(Path dataDir, Integer port, String path, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        int p = port != null ? port : Integer.parseInt(System.getenv().getOrDefault("APERTURE_PORT", "3456"));
        List<Path> candidates = dataDir != null ? List.of(dataDir.resolve(DemoControl.FILE))
                : List.of(DemoControl.byPort(p), DEFAULT_DIR.resolve(DemoControl.FILE));
        Optional<Path> file = candidates.stream().filter(Files::isRegularFile).findFirst();
        if (file.isEmpty()) {
            err.println("No demo is running " + (dataDir != null ? "with data dir " + dataDir : "on port " + p)
                    + " (start one with 'aperture demo'; --port or --data-dir pick another).");
            err.flush();
            return 1;
        }
        URI base = URI.create(Files.readString(file.get()).trim());
        // The file is only ever written by a demo on this machine: refuse to send anything elsewhere.
        if (!"http".equals(base.getScheme()) || !"127.0.0.1".equals(base.getHost())) {
            err.println("Not a demo control address: " + file.get());
            err.flush();
            return 1;
        }
        HttpResponse<String> r;
        try {
            r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            err.println("The demo that wrote " + file.get() + " is not running any more.");
            err.flush();
            return 1;
        }
        (r.statusCode() == 200 ? out : err).println(r.body().strip());
        out.flush();
        err.flush();
        return r.statusCode() == 200 ? 0 : 2;
    }

    /** Where a running demo is: its data dir or the port it serves on. */
    static class Where {
        @Option(names = "--data-dir", description = "Data dir of the running demo (default: found by its port).")
        Path dataDir;
        @Option(names = "--port", description = "Port the running demo serves on (default: APERTURE_PORT or 3456).")
        Integer port;
        @Spec
        CommandSpec spec;

        int send(String path) throws IOException, InterruptedException {
            return control(dataDir, port, path, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }

    @Command(name = "break", description = "Make a simulated service fail: auth, rate-limit or outage.")
    static final class Break extends Where implements Callable<Integer> {
        @Parameters(index = "0", description = "mediaserver, tmdb, omdb, trakt, mdblist, jellyseerr or openai")
        String service;
        @Parameters(index = "1", description = "auth, rate-limit or outage")
        String fault;

        @Override
        public Integer call() throws Exception {
            return send("/break/" + service + "/" + fault);
        }
    }

    @Command(name = "heal", description = "Make a simulated service healthy again.")
    static final class Heal extends Where implements Callable<Integer> {
        @Parameters(index = "0")
        String service;

        @Override
        public Integer call() throws Exception {
            return send("/heal/" + service);
        }
    }

    @Command(name = "status", description = "Show each simulated service's state, requests served and address.")
    static final class Status extends Where implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            return send("/status");
        }
    }
}
