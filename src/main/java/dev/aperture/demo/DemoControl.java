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

    DemoControl(SimulatedServices sims, Path dataDir) throws IOException {
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
                        answer = service.get().displayName() + " is now "
                                + (fault.get() == Fault.NONE ? "healthy" : fault.get().wire());
                    }
                } else {
                    StringBuilder sb = new StringBuilder();
                    for (ServiceId s : ServiceId.values()) {
                        sb.append(String.format(Locale.ROOT, "%-11s %-10s %s%n", s.id(), sims.fault(s).wire(),
                                sims.baseUrl(s)));
                    }
                    answer = sb.toString();
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
        Files.writeString(file, "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale file only makes the CLI say the demo is not running
        }
    }
}
