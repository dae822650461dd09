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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Load on a running Aperture (bench/run-load.sh starts it): C clients, each a thread of a fixed pool,
 * alternate GET /api/alerts (API token) and GET /integrations (browser session) for S seconds on
 * 127.0.0.1, after seeding N error records. Prints latency percentiles per endpoint, errors and the
 * server's resident memory sampled at start, middle and end.
 *
 * <p>Args: baseUrl pid dataDir password [clients=200] [seconds=60] [records=1000000] [warmupSeconds=10]
 * [thinkMillis=0]. With a think time each client waits between requests, as a person would: a pause drawn
 * from an exponential distribution with that mean (seeded per client), so clients do not move in lockstep.
 * Clients are asynchronous request chains on one JDK HttpClient (one connection each while busy).
 */
public final class LoadBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Endpoint(String name, HttpRequest request) {}

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
        Duration timeout = Duration.ofSeconds(30);
        List<Endpoint> endpoints = List.of(
                new Endpoint("GET /api/alerts", HttpRequest.newBuilder(URI.create(base + "/api/alerts"))
                        .header("Authorization", "Bearer " + bearer).timeout(timeout).build()),
                new Endpoint("GET /integrations", HttpRequest.newBuilder(URI.create(base + "/integrations"))
                        .header("Cookie", cookie).timeout(timeout).build()));

        System.out.printf("warm-up: %d s with %d clients%n", warmup, clients);
        run(http, endpoints, clients, Duration.ofSeconds(warmup), thinkMillis, null);
        List<String> memory = new ArrayList<>();
        memory.add("start " + rss(pid));
        Runnable middle = () -> memory.add("middle " + rss(pid));
        System.out.printf("measuring: %d s with %d clients, think time %d ms%n", seconds, clients, thinkMillis);
        long began = System.nanoTime();
        Samples[][] samples = run(http, endpoints, clients, Duration.ofSeconds(seconds), thinkMillis, middle);
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

    /**
     * Each client is a chain of asynchronous requests, not a thread: with 200 platform threads on 2 cores the
     * load generator's own scheduling put up to 100 ms on the measured p99 (20 threads at the same request rate:
     * 7 ms), and that is not the server's latency.
     */
    private static Samples[][] run(HttpClient http, List<Endpoint> endpoints, int clients, Duration length,
                                   long thinkMillis, Runnable atMiddle) throws InterruptedException {
        Samples[][] samples = new Samples[clients][endpoints.size()];
        long end = System.nanoTime() + length.toNanos();
        ScheduledExecutorService pauses = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch finished = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            Samples[] mine = samples[c];
            for (int e = 0; e < endpoints.size(); e++) {
                mine[e] = new Samples();
            }
            Client client = new Client(http, endpoints, mine, c % endpoints.size(), end, thinkMillis,
                    new java.util.Random(0x5eedL + c), pauses, finished);
            // Independent users do not start in the same millisecond either.
            pauses.schedule(() -> client.send(0), client.pause(), TimeUnit.MILLISECONDS);
        }
        if (atMiddle != null) {
            finished.await(length.toMillis() / 2, TimeUnit.MILLISECONDS);
            atMiddle.run();
        }
        finished.await(length.toSeconds() + 60, TimeUnit.SECONDS);
        pauses.shutdownNow();
        return samples;
    }

    /**
     * One simulated user: sends, records, pauses (exponential around the think time, seeded, so that users do
     * not move in lockstep; none when the think time is 0), and sends again until the end.
     */
    private record Client(HttpClient http, List<Endpoint> endpoints, Samples[] mine, int first, long end,
                          long thinkMillis, java.util.Random random, ScheduledExecutorService pauses,
                          CountDownLatch finished) {

        long pause() {
            return thinkMillis <= 0 ? 0 : Math.round(-Math.log(1 - random.nextDouble()) * thinkMillis);
        }

        void send(long i) {
            if (System.nanoTime() >= end) {
                finished.countDown();
                return;
            }
            int e = (int) ((first + i) % endpoints.size());
            long t = System.nanoTime();
            http.sendAsync(endpoints.get(e).request(), HttpResponse.BodyHandlers.discarding()).whenComplete((r, ex) -> {
                if (ex == null && r.statusCode() == 200) {
                    mine[e].add((System.nanoTime() - t) / 1000);
                } else {
                    mine[e].errors++;
                }
                long pause = pause();
                if (pause == 0) {
                    send(i + 1);
                } else {
                    pauses.schedule(() -> send(i + 1), pause, TimeUnit.MILLISECONDS);
                }
            });
        }
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
