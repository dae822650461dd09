package dev.aperture.ops;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code aperture healthcheck}: asks this host's Aperture for {@code /api/health} and exits 0 on a 200, 1 otherwise.
 * It is the container's HEALTHCHECK, so the image needs no curl.
 */
@Command(name = "healthcheck", mixinStandardHelpOptions = true,
        description = "Exit 0 when the Aperture on this host (APERTURE_PORT) answers /api/health with 200, else 1.")
public final class HealthcheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return run(System.getenv(), spec.commandLine().getOut());
    }

    int run(Map<String, String> env, PrintWriter out) {
        String port = env.getOrDefault("APERTURE_PORT", "3456").trim();
        if (!port.matches("\\d{1,5}")) {
            out.println("unhealthy: APERTURE_PORT is not a port number");
            return 1;
        }
        String host = env.getOrDefault("APERTURE_HOST", "0.0.0.0").trim();
        // A server on every address answers on loopback; one bound to a single address only there.
        String target = host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        if (target.contains(":")) {
            target = "[" + target + "]";
        }
        // Well inside the image HEALTHCHECK's 20 s timeout, so a hung server reads as unhealthy, not as a killed probe.
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        try {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                            URI.create("http://" + target + ":" + port + "/api/health"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                out.println("healthy");
                return 0;
            }
            out.println("unhealthy: /api/health answered " + answer.statusCode());
            return 1;
        } catch (java.io.IOException e) {
            out.println("unhealthy: " + e.getClass().getSimpleName());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("unhealthy: interrupted");
            return 1;
        }
    }
}
