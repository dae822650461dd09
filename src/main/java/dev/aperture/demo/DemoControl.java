package dev.aperture.demo;

import com.sun.net.httpserver.HttpServer;
import dev.aperture.calls.ServiceId;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Breaks and heals simulated services from the command line ({@code aperture demo break tmdb auth}):
 * a tiny HTTP endpoint on 127.0.0.1 whose address the running demo writes into its data dir. It
 * only ever touches the simulators, never Aperture itself.
 */
final class DemoControl implements AutoCloseable {

    static final String FILE = "demo-control.url";

    private final HttpServer server;
    private final Path file;
    private final Path portFile;

    /** One row per simulator under a header, in columns, for a terminal or a script reading it. */
    static String table(SimulatedServices sims) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-13s %-19s %8s  %s%n", "SERVICE", "STATE",
                "REQUESTS", "ADDRESS"));
        for (ServiceId s : ServiceId.values()) {
            sb.append(String.format(Locale.ROOT, "%-13s %-19s %8d  %s%n", s.displayName(), state(sims.fault(s)),
                    sims.requests(s), sims.baseUrl(s)));
        }
        return sb.toString().stripTrailing();
    }

    static String state(Fault fault) {
        return fault == Fault.NONE ? "healthy" : "broken: " + fault.wire();
    }

    /**
     * Where the demo serving on {@code port} leaves its control address for {@code demo break/heal/status} run
     * from any folder: the temp dir, named by the port (the data dir's copy serves {@code --data-dir}).
     */
    static Path byPort(int port) {
        return Path.of(System.getProperty("java.io.tmpdir"), "aperture-demo-" + port + ".url");
    }

    DemoControl(SimulatedServices sims, Path dataDir, int appPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/", http -> {
            try (http) {
                String[] parts = http.getRequestURI().getPath().split("/");
                // /break/<service>/<fault> or /heal/<service>
                String answer;
                int status = 200;
                if (parts.length >= 3 && (parts[1].equals("break") || parts[1].equals("heal"))) {
                    var service = ServiceId.parse(parts[2]);
                    var fault = parts[1].equals("heal") ? java.util.Optional.of(Fault.NONE)
                            : parts.length >= 4 ? Fault.parse(parts[3]) : java.util.Optional.<Fault>empty();
                    if (service.isEmpty() || fault.isEmpty()) {
                        status = 400;
                        answer = "usage: break <service> <auth|rate-limit|outage> | heal <service>";
                    } else {
                        sims.setFault(service.get(), fault.get());
                        answer = service.get().displayName() + " is now " + state(fault.get());
                    }
                } else {
                    answer = table(sims);
                }
                byte[] bytes = (answer + "\n").getBytes(StandardCharsets.UTF_8);
                http.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = http.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        server.start();
        this.file = dataDir.resolve(FILE);
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        Files.writeString(file, url);
        Path shared = byPort(appPort);
        try {
            Files.writeString(shared, url);
        } catch (IOException e) {
            // Another user's demo on this port owns the file: --data-dir still finds this one.
            shared = null;
        }
        this.portFile = shared;
    }

    @Override
    public void close() {
        server.stop(0);
        try {
            Files.deleteIfExists(file);
            if (portFile != null) {
                Files.deleteIfExists(portFile);
            }
        } catch (IOException e) {
            // a stale file only makes the CLI say the demo is not running
        }
    }
}
