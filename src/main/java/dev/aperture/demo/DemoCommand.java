package dev.aperture.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
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

    static int control(Path dataDir, String path) throws IOException, InterruptedException {
        Path file = (dataDir == null ? DEFAULT_DIR : dataDir).resolve(DemoControl.FILE);
        if (!Files.exists(file)) {
            LOG.error("no demo is running with data dir {} (start one with 'aperture demo')", file.getParent());
            return 1;
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(Files.readString(file).trim() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        LOG.info("{}", r.body().strip());
        return r.statusCode() == 200 ? 0 : 2;
    }

    @Command(name = "break", description = "Make a simulated service fail: auth, rate-limit or outage.")
    static final class Break implements Callable<Integer> {
        @Parameters(index = "0", description = "mediaserver, tmdb, omdb, trakt, mdblist, jellyseerr or openai")
        String service;
        @Parameters(index = "1", description = "auth, rate-limit or outage")
        String fault;
        @Option(names = "--data-dir")
        Path dataDir;

        @Override
        public Integer call() throws Exception {
            return control(dataDir, "/break/" + service + "/" + fault);
        }
    }

    @Command(name = "heal", description = "Make a simulated service healthy again.")
    static final class Heal implements Callable<Integer> {
        @Parameters(index = "0")
        String service;
        @Option(names = "--data-dir")
        Path dataDir;

        @Override
        public Integer call() throws Exception {
            return control(dataDir, "/heal/" + service);
        }
    }

    @Command(name = "status", description = "Show each simulated service's state and address.")
    static final class Status implements Callable<Integer> {
        @Option(names = "--data-dir")
        Path dataDir;

        @Override
        public Integer call() throws Exception {
            return control(dataDir, "/status");
        }
    }
}
