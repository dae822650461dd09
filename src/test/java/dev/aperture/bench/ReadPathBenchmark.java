package dev.aperture.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.tools.attach.VirtualMachine;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The read path of a running Aperture (bench/run-read-path.sh starts it): after seeding N error records,
 * one load tool (wrk, same threads, connections and length for each) drives GET /api/health, GET /api/alerts
 * (API token) and GET /integrations (browser session from the login form) one after the other, and the
 * ratios to /api/health are printed. Then {@link LoadLoop} measures /api/alerts with 200 clients that
 * pause about a second between requests, as pollers and open browser tabs do.
 *
 * <p>Bytes allocated per request: the server's JMX agent is started through the attach API (no JVM flag, so
 * the server runs with exactly scripts/start's flags) and {@code com.sun.management.ThreadMXBean}'s
 * per-thread allocation counters are summed over every live thread before and after each wrk window; the
 * difference over wrk's request count is the figure. The counters are exact (they count TLAB refills and
 * direct allocations), unlike JFR's sampled allocation events; threads that end inside a window would be lost,
 * so their number is printed too (Jetty's pool keeps its threads for 60 s idle, longer than any window).
 *
 * <p>Args: {@code seed dataDir records} seeds a stopped server's data dir and ends; otherwise
 * baseUrl pid dataDir password [records=1000000, 0: seeded already] [seconds=12] [connections=32] [warmup=5]
 * [loopClients=200] [loopSeconds=30] [thinkMillis=1000].
 */
public final class ReadPathBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|99)(?:\\.0+)?%\\s+([\\d.]+)(us|ms|s)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: (.*)");

    record Measured(String name, double rate, double p50ms, double p99ms, long requests, long errors,
                    double bytesPerRequest, int threadsGone) {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("seed")) {
            // Into a stopped server's data dir: the alert store reads its open alerts into memory when it starts,
            // and rows written behind a running server's back are not what it serves.
            long t0 = System.nanoTime();
            long stored = seed(Path.of(args[1]), Long.parseLong(args[2]));
            System.out.printf("seeded: %,d error records in %,d ms%n", stored, (System.nanoTime() - t0) / 1_000_000);
            return;
        }
        String base = args[0];
        long pid = Long.parseLong(args[1]);
        Path dataDir = Path.of(args[2]);
        String password = args[3];
        long records = arg(args, 4, 1_000_000);
        int seconds = (int) arg(args, 5, 12);
        int connections = (int) arg(args, 6, 32);
        int warmup = (int) arg(args, 7, 5);
        int loopClients = (int) arg(args, 8, 200);
        int loopSeconds = (int) arg(args, 9, 30);
        long thinkMillis = arg(args, 10, 1000);

        if (records > 0) {
            long t0 = System.nanoTime();
            long stored = seed(dataDir, records);
            System.out.printf("seeded: %,d error records in %,d ms%n", stored, (System.nanoTime() - t0) / 1_000_000);
        }

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        String cookie = formLogin(http, base, password);
        String csrf = csrfOf(get(http, base + "/integrations", "Cookie", cookie));
        HttpResponse<String> issued = http.send(HttpRequest.newBuilder(URI.create(base + "/api/tokens"))
                .header("Content-Type", "application/json").header("Cookie", cookie).header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"read-path\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        require(issued.statusCode() == 201 || issued.statusCode() == 200, "token: " + issued.statusCode());
        String bearer = "Bearer " + JSON.readTree(issued.body()).get("token").asText();
        // Each request must be the real answer, not a redirect to the login page (wrk counts 3xx as success).
        require(get(http, base + "/api/alerts", "Authorization", bearer).body().contains("\"bench-"),
                "/api/alerts does not list the seeded alerts");
        require(get(http, base + "/integrations", "Cookie", cookie).body().contains("TMDb"),
                "/integrations is not the Integrations page");

        List<String[]> targets = List.of(new String[] {"GET /api/health", "/api/health", null},
                new String[] {"GET /api/alerts", "/api/alerts", "Authorization: " + bearer},
                new String[] {"GET /integrations", "/integrations", "Cookie: " + cookie});
        System.out.printf("warm-up: %d s per endpoint%n", warmup);
        for (String[] t : targets) {
            wrk(base + t[1], t[2], warmup, connections);
        }
        List<Measured> results = new ArrayList<>();
        try (Allocation allocation = Allocation.attach(pid)) {
            for (String[] t : targets) {
                jfr(pid, "start", t[1]);
                Map<Long, Long> before = allocation.perThread();
                String out = wrk(base + t[1], t[2], seconds, connections);
                Map<Long, Long> after = allocation.perThread();
                jfr(pid, "stop", t[1]);
                long requests = Long.parseLong(find(TOTAL, out));
                long bytes = 0;
                for (Map.Entry<Long, Long> e : after.entrySet()) {
                    bytes += e.getValue() - before.getOrDefault(e.getKey(), 0L);
                }
                int gone = (int) before.keySet().stream().filter(id -> !after.containsKey(id)).count();
                results.add(parse(t[0], out, requests, (double) bytes / requests, gone));
            }
        }
        double health = results.get(0).rate();
        System.out.printf("%nwrk, 1 thread, %d connections, %d s each, on 127.0.0.1:%n", connections, seconds);
        System.out.printf("%-20s %9s %9s %8s %8s %7s %10s %14s%n", "endpoint", "requests", "req/s", "p50 ms", "p99 ms",
                "errors", "÷ health", "KB alloc/req");
        for (Measured m : results) {
            System.out.printf("%-20s %,9d %,9.0f %8.2f %8.2f %7d %10.3f %,14.1f%s%n", m.name(), m.requests(), m.rate(),
                    m.p50ms(), m.p99ms(), m.errors(), m.rate() / health, m.bytesPerRequest() / 1024,
                    m.threadsGone() > 0 ? " (" + m.threadsGone() + " threads ended inside the window)" : "");
        }
        System.out.printf("targets: /api/alerts ÷ health ≥ 0.5 (%.3f), /integrations ÷ health ≥ 0.25 (%.3f)%n",
                results.get(1).rate() / health, results.get(2).rate() / health);

        URI server = URI.create(base);
        List<LoadBenchmark.Endpoint> alertsOnly = List.of(LoadBenchmark.Endpoint.get(server.getHost(), server.getPort(),
                "/api/alerts", "Authorization: " + bearer));
        try (LoadLoop loop = new LoadLoop(new InetSocketAddress(server.getHost(), server.getPort()), alertsOnly,
                thinkMillis)) {
            loop.run(loopClients, Duration.ofSeconds(Math.min(10, loopSeconds)), null);
            long began = System.nanoTime();
            LoadBenchmark.Samples[][] samples = loop.run(loopClients, Duration.ofSeconds(loopSeconds), null);
            double elapsed = (System.nanoTime() - began) / 1e9;
            long[] all = Arrays.stream(samples).flatMapToLong(c -> Arrays.stream(c[0].micros, 0, c[0].n)).sorted()
                    .toArray();
            long errors = Arrays.stream(samples).mapToLong(c -> c[0].errors).sum();
            System.out.printf("%nLoadLoop, GET /api/alerts, %d clients, think time %d ms, %d s: %,d requests (%.0f/s), "
                            + "p50 %.2f ms, p99 %.2f ms (target ≤ 10 ms), max %.2f ms, errors %d%n", loopClients,
                    thinkMillis, loopSeconds, all.length, all.length / elapsed, pct(all, 50), pct(all, 99),
                    all.length == 0 ? 0 : all[all.length - 1] / 1000.0, errors);
        }
    }

    /**
     * The seed's transaction reads before it writes, so SQLite refuses its upgrade to a writer when the server wrote
     * in between (SQLITE_BUSY_SNAPSHOT, seen once in five runs: a heartbeat or a db-scheduler poll). The refused
     * transaction rolled back whole, so it is simply tried again.
     */
    private static long seed(Path dataDir, long records) {
        for (int attempt = 1; ; attempt++) {
            try {
                return ErrorRecordSeed.seed(dataDir, records);
            } catch (RuntimeException e) {
                if (attempt == 3 || !String.valueOf(e.getCause()).contains("SQLITE_BUSY")) {
                    throw e;
                }
                System.out.println("seed: the server wrote first (" + e.getCause() + "), trying again");
            }
        }
    }

    /**
     * With BENCH_JFR_DIR set, each measured window is also recorded with JFR's profiling settings (CPU samples
     * and allocation samples with their stacks), one file per endpoint; started through jcmd, not a JVM flag.
     * Off by default: the recording costs a few percent, which would show in the figures.
     */
    private static void jfr(long pid, String action, String path) throws Exception {
        String dir = System.getenv("BENCH_JFR_DIR");
        if (dir == null || dir.isBlank()) {
            return;
        }
        String name = "read-path" + path.replace('/', '-');
        List<String> cmd = action.equals("start")
                ? List.of("jcmd", String.valueOf(pid), "JFR.start", "name=" + name, "settings=profile")
                : List.of("jcmd", String.valueOf(pid), "JFR.stop", "name=" + name,
                        "filename=" + Path.of(dir).toAbsolutePath().resolve(name + ".jfr"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        require(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "jcmd failed: " + out);
    }

    /** Logs in the way a browser does: the login page, then its form posted; answers the session cookie. */
    private static String formLogin(HttpClient http, String base, String password) throws Exception {
        require(get(http, base + "/login", null, null).statusCode() == 200, "GET /login");
        String form = "username=admin&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        require(posted.statusCode() == 303, "POST /login answered " + posted.statusCode());
        return posted.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("aperture_session="))
                .findFirst().orElseThrow().split(";")[0];
    }

    private static String csrfOf(HttpResponse<String> page) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        require(m.find(), "no CSRF token on the page");
        return m.group(1);
    }

    private static HttpResponse<String> get(HttpClient http, String url, String header, String value) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (header != null) {
            b.header(header, value);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String wrk(String url, String header, int seconds, int connections) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--latency",
                "--timeout", "5s"));
        if (header != null) {
            cmd.addAll(List.of("-H", header));
        }
        cmd.add(url);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        require(p.waitFor(seconds + 30L, TimeUnit.SECONDS) && p.exitValue() == 0, "wrk failed: " + out);
        return out;
    }

    private static Measured parse(String name, String out, long requests, double bytesPerRequest, int gone) {
        Map<String, Double> pct = new HashMap<>();
        Matcher m = PERCENTILE.matcher(out);
        while (m.find()) {
            double v = Double.parseDouble(m.group(2));
            pct.put(m.group(1), switch (m.group(3)) {
                case "us" -> v / 1000;
                case "s" -> v * 1000;
                default -> v;
            });
        }
        Matcher non2xx = NON_2XX.matcher(out);
        long errors = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
        Matcher socket = SOCKET_ERRORS.matcher(out);
        if (socket.find()) {
            System.out.println(name + ": socket errors " + socket.group(1));
        }
        return new Measured(name, Double.parseDouble(find(RATE, out)), pct.getOrDefault("50", Double.NaN),
                pct.getOrDefault("99", Double.NaN), requests, errors, bytesPerRequest, gone);
    }

    /** Per-thread allocation counters of the server, read over JMX. */
    private static final class Allocation implements AutoCloseable {
        private final JMXConnector connector;
        private final com.sun.management.ThreadMXBean threads;

        private Allocation(JMXConnector connector, com.sun.management.ThreadMXBean threads) {
            this.connector = connector;
            this.threads = threads;
        }

        static Allocation attach(long pid) throws Exception {
            VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
            String address;
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
            MBeanServerConnection mbeans = connector.getMBeanServerConnection();
            return new Allocation(connector, ManagementFactory.newPlatformMXBeanProxy(mbeans,
                    ManagementFactory.THREAD_MXBEAN_NAME, com.sun.management.ThreadMXBean.class));
        }

        Map<Long, Long> perThread() {
            long[] ids = threads.getAllThreadIds();
            long[] bytes = threads.getThreadAllocatedBytes(ids);
            Map<Long, Long> map = new HashMap<>();
            for (int i = 0; i < ids.length; i++) {
                if (bytes[i] >= 0) {
                    map.put(ids[i], bytes[i]);
                }
            }
            return map;
        }

        @Override
        public void close() throws Exception {
            connector.close();
        }
    }

    private static String find(Pattern p, String out) {
        Matcher m = p.matcher(out);
        require(m.find(), "wrk output without " + p.pattern() + ":\n" + out);
        return m.group(1);
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }

    private static long arg(String[] args, int i, long fallback) {
        return args.length > i ? Long.parseLong(args[i]) : fallback;
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000.0;
    }
}
