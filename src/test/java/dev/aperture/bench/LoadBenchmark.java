package dev.aperture.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Load on a running Aperture (bench/run-load.sh starts it): C clients, each a thread of a fixed pool,
 * alternate GET /api/alerts (API token) and GET /integrations (browser session) for S seconds on
 * 127.0.0.1, after seeding N error records. Prints latency percentiles per endpoint, errors and the
 * server's resident memory sampled at start, middle and end.
 *
 * <p>Args: baseUrl pid dataDir password [clients=200] [seconds=60] [records=1000000] [warmupSeconds=10]
 * [thinkMillis=0]. With a think time each client waits between requests, as a person would: a pause drawn
 * from an exponential distribution with that mean (seeded per client), so clients do not move in lockstep.
 * All clients run on one thread and one selector ({@link LoadLoop}), each with its own keep-alive connection.
 */
public final class LoadBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A measured request: its name and the complete request head sent on a keep-alive connection. */
    record Endpoint(String name, byte[] request) {
        static Endpoint get(String host, int port, String path, String header) {
            return new Endpoint("GET " + path, ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                    + header + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }

    /** One client's measurements of one endpoint: latencies in microseconds, plus failures. */
    static final class Samples {
        long[] micros = new long[1 << 12];
        int n;
        long errors;

        void add(long us) {
            if (n == micros.length) {
                micros = Arrays.copyOf(micros, n * 2);
            }
            micros[n++] = us;
        }
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        long pid = Long.parseLong(args[1]);
        Path dataDir = Path.of(args[2]);
        String password = args[3];
        int clients = args.length > 4 ? Integer.parseInt(args[4]) : 200;
        int seconds = args.length > 5 ? Integer.parseInt(args[5]) : 60;
        long records = args.length > 6 ? Long.parseLong(args[6]) : 1_000_000;
        int warmup = args.length > 7 ? Integer.parseInt(args[7]) : 10;
        long thinkMillis = args.length > 8 ? Long.parseLong(args[8]) : 0;

        long t0 = System.nanoTime();
        long stored = ErrorRecordSeed.seed(dataDir, records);
        System.out.printf("seeded: %,d error records in %,d ms%n", stored, (System.nanoTime() - t0) / 1_000_000);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("username", "admin", "password", password)))).build(), HttpResponse.BodyHandlers.ofString());
        String cookie = login.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        String csrf = JSON.readTree(login.body()).get("csrfToken").asText();
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(base + "/api/tokens"))
                .header("Content-Type", "application/json").header("Cookie", cookie).header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"load\"}")).build(), HttpResponse.BodyHandlers.ofString());
        String bearer = JSON.readTree(token.body()).get("token").asText();
        URI server = URI.create(base);
        List<Endpoint> endpoints = List.of(
                Endpoint.get(server.getHost(), server.getPort(), "/api/alerts", "Authorization: Bearer " + bearer),
                Endpoint.get(server.getHost(), server.getPort(), "/integrations", "Cookie: " + cookie));

        System.out.printf("warm-up: %d s with %d clients%n", warmup, clients);
        LoadLoop loop = new LoadLoop(new java.net.InetSocketAddress(server.getHost(), server.getPort()), endpoints,
                thinkMillis);
        loop.run(clients, Duration.ofSeconds(warmup), null);
        List<String> memory = new ArrayList<>();
        memory.add("start " + rss(pid));
        Runnable middle = () -> memory.add("middle " + rss(pid));
        System.out.printf("measuring: %d s with %d clients, think time %d ms%n", seconds, clients, thinkMillis);
        long began = System.nanoTime();
        Samples[][] samples = loop.run(clients, Duration.ofSeconds(seconds), middle);
        loop.close();
        double elapsed = (System.nanoTime() - began) / 1e9;
        memory.add("end " + rss(pid));

        System.out.printf("%-20s %9s %8s %8s %8s %8s %9s %9s %7s%n", "endpoint", "requests", "req/s", "p50 ms",
                "p90 ms", "p99 ms", "p99.9 ms", "max ms", "errors");
        for (int e = 0; e < endpoints.size(); e++) {
            long errors = 0;
            int total = 0;
            for (Samples[] client : samples) {
                errors += client[e].errors;
                total += client[e].n;
            }
            long[] all = new long[total];
            int at = 0;
            for (Samples[] client : samples) {
                System.arraycopy(client[e].micros, 0, all, at, client[e].n);
                at += client[e].n;
            }
            Arrays.sort(all);
            System.out.printf("%-20s %,9d %8.0f %8.2f %8.2f %8.2f %9.2f %9.2f %7d%n", endpoints.get(e).name(), total,
                    total / elapsed, pct(all, 50), pct(all, 90), pct(all, 99), pct(all, 99.9),
                    all.length == 0 ? 0 : all[all.length - 1] / 1000.0, errors);
        }
        System.out.println("server RSS (MB): " + String.join(", ", memory));
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000.0;
    }

    private static String rss(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("VmRSS")).map(l -> String.valueOf(
                            Long.parseLong(l.replaceAll("\\D", "")) / 1024)).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}
