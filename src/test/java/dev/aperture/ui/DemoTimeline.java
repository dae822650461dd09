package dev.aperture.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.RestClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Not a test: {@code scripts/demo-timeline} runs it against a demo it started. It breaks and heals three
 * services with the {@code demo break/heal} commands, waits (bounded) for the alert to open and to end, and
 * writes what the UI showed at each step as a Markdown table, with screenshots named timeline-*.png.
 *
 * <p>Arguments: base URL, demo port, jar, admin password, screenshot dir, Markdown file.
 */
public final class DemoTimeline {

    /** The three services and faults: one each of authentication, outage and rate limit. */
    private static final List<String[]> STEPS = List.of(
            new String[] {"tmdb", "auth", "authentication"},
            new String[] {"mdblist", "outage", "outage"},
            new String[] {"openai", "rate-limit", "rate_limit"});
    private static final Duration OPEN_WAIT = Duration.ofSeconds(120);
    private static final Duration END_WAIT = Duration.ofSeconds(120);
    /** How long a healed service is left to its health checks before the admin presses Test Connection. */
    private static final Duration BEFORE_TEST = Duration.ofSeconds(45);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final String port;
    private final String jar;
    private final Path shots;
    private final RestClient api;
    private final Browser browser;
    private final Instant started = Instant.now();
    private final List<String> rows = new ArrayList<>();

    private DemoTimeline(String base, String port, String jar, String password, Path shots) {
        this.port = port;
        this.jar = jar;
        this.shots = shots;
        this.api = RestClient.loggedIn(base, "admin", password);
        this.browser = new Browser(base);
        browser.logIn("admin", password);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            throw new IllegalArgumentException("usage: DemoTimeline BASE PORT JAR PASSWORD SHOT_DIR MARKDOWN");
        }
        Path shots = Path.of(args[4]);
        Files.createDirectories(shots);
        DemoTimeline t = new DemoTimeline(args[0], args[1], args[2], args[3], shots);
        String table;
        try {
            t.run();
        } finally {
            t.browser.close();
            table = t.table();
            Path md = Path.of(args[5]);
            Files.createDirectories(md.toAbsolutePath().getParent());
            Files.writeString(md, table, StandardCharsets.UTF_8);
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            out.print(table);
        }
    }

    private void run() throws IOException, InterruptedException {
        // The demo's own script (TMDb slowed, OMDb's quota used up, MDBList down and back, bob revoked) runs
        // first; the timeline starts once its last step, the embeddings run, has ended.
        waitFor("the demo script's embeddings run", Duration.ofSeconds(240), () -> runs("generate-embeddings")
                .stream().anyMatch(r -> !r.get("status").asText().equals("running")) ? Optional.of(true) : Optional.empty());
        record("demo started (`scripts/demo-timeline`, `--speed 6`), its script done", "timeline-0-start");
        int n = 1;
        for (String[] step : STEPS) {
            String service = step[0];
            String type = step[2];
            Instant broken = Instant.now();
            String said = demo("break", service, step[1]);
            Optional<JsonNode> opened = waitFor(service + " " + type + " alert", OPEN_WAIT,
                    // The service's own alert opened by this break: not an older one, nor one of a list or user.
                    () -> open(service).stream().filter(a -> a.get("type").asText().equals(type)
                            && a.path("subject").asText().isEmpty()
                            && !Instant.parse(a.get("firstSeenAt").asText()).isBefore(broken.minusSeconds(1))).findFirst());
            record("`demo break " + service + " " + step[1] + "` (" + said + ") → alert open"
                    + opened.map(a -> " " + Math.max(0, Duration.between(broken,
                            Instant.parse(a.get("firstSeenAt").asText())).toSeconds()) + " s later: " + a.get("title").asText()).orElse(""),
                    "timeline-" + n + "a-" + service + "-broken");
            browser.open("/integrations");
            browser.fullScreenshot("timeline-" + n + "b-" + service + "-integrations", 1440);
            copy("timeline-" + n + "b-" + service + "-integrations");
            demo("heal", service);
            String alertId = opened.map(a -> a.get("id").asText()).orElse("");
            Instant healed = Instant.now();
            Optional<JsonNode> ended = waitFor(service + " alert ended by itself", BEFORE_TEST, () -> ended(service, alertId));
            String how = "by itself";
            if (ended.isEmpty() && !alertId.isEmpty()) {
                RestClient.Reply test = api.post("/api/integrations/" + service + "/test", "{}");
                how = "after the admin's Test Connection (" + (test.json().path("ok").asBoolean() ? "passed" : "failed") + ")";
                ended = waitFor(service + " alert ended", END_WAIT, () -> ended(service, alertId));
            }
            String by = how;
            String end = ended.map(a -> "ended " + by + " " + since(healed) + " after the heal: "
                    + a.path("resolution").asText() + ", \"" + a.path("endedBy").asText() + "\"").orElse("still open");
            record("`demo heal " + service + "` → alert " + end, "timeline-" + n + "c-" + service + "-healed");
            n++;
        }
    }

    private String table() {
        StringBuilder b = new StringBuilder("| time (UTC) | +s | step | what the UI showed | screenshot |\n"
                + "|---|---|---|---|---|\n");
        rows.forEach(r -> b.append(r).append('\n'));
        return b.toString();
    }

    /** One row: the dashboard's chips and badge, the open alerts' titles, and a screenshot of the dashboard. */
    private void record(String step, String shot) {
        browser.open("/");
        browser.until(d -> !browser.all("[id^=status-]").isEmpty());
        java.util.Map<String, String> names = new java.util.HashMap<>();
        api.get("/api/integrations").json().forEach(i -> names.put(i.get("service").asText(), i.get("displayName").asText()));
        // Read in one script: live updates replace these elements while a step-by-step read is under way.
        String read = (String) browser.driver.executeScript("return Array.from(document.querySelectorAll("
                + "'[id^=status-]')).map(e => e.id.substring(7) + '=' + (e.querySelector('.idle') || e).textContent"
                + ".trim()).join('|') + '#' + ((document.getElementById('badge') || {}).ariaLabel || 'no badge')");
        StringBuilder chips = new StringBuilder();
        for (String chip : read.substring(0, read.lastIndexOf('#')).split("\\|")) {
            String id = chip.substring(0, chip.indexOf('='));
            chips.append(chips.length() == 0 ? "" : ", ").append(names.getOrDefault(id, id)).append(" ")
                    .append(chip.substring(chip.indexOf('=') + 1));
        }
        String badge = read.substring(read.lastIndexOf('#') + 1);
        JsonNode all = api.get("/api/alerts").json().get("alerts");
        List<String> titles = new ArrayList<>();
        all.forEach(a -> titles.add(a.get("title").asText()
                + (a.path("count").asLong() > 1 ? " ×" + a.get("count").asLong() : "")));
        JsonNode totals = api.get("/api/alerts/summary").json().get("totals");
        browser.fullScreenshot(shot, 1440);
        copy(shot);
        rows.add("| " + CLOCK.format(Instant.now()) + " | " + Duration.between(started, Instant.now()).toSeconds()
                + " | " + step + " | chips: " + chips + "; badge: " + badge + "; /api/alerts: " + all.size()
                + " open (" + counted(totals.path("error").asInt(), "error") + ", "
                + counted(totals.path("warning").asInt(), "warning") + ", " + totals.path("info").asInt()
                + " info): " + String.join("; ", titles)
                + " | [" + shot + "](docs/screenshots/" + shot + ".png) |");
    }

    private void copy(String shot) {
        try {
            Files.copy(Browser.SCREENSHOTS.resolve(shot + ".png"), shots.resolve(shot + ".png"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<JsonNode> open(String service) {
        List<JsonNode> out = new ArrayList<>();
        api.get("/api/alerts?service=" + service).json().get("alerts").forEach(out::add);
        return out;
    }

    private Optional<JsonNode> ended(String service, String id) {
        for (JsonNode a : api.get("/api/alerts/history?service=" + service).json().get("alerts")) {
            if (a.get("id").asText().equals(id) && !a.path("resolvedAt").isNull() && a.has("resolvedAt")) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    private List<JsonNode> runs(String job) {
        List<JsonNode> out = new ArrayList<>();
        api.get("/api/jobs/runs?job=" + job).json().get("runs").forEach(out::add);
        return out;
    }

    /** Runs the demo's control command as an admin would from a terminal; answers its first line. */
    private String demo(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("java", "-jar", jar, "demo"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--port", port));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " did not finish in 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out.lines().findFirst().orElse("").replace("|", "/");
    }

    /** Polls {@code probe} every second until it answers or {@code max} has passed (then empty). */
    private static <T> Optional<T> waitFor(String what, Duration max, Supplier<Optional<T>> probe)
            throws InterruptedException {
        Instant until = Instant.now().plus(max);
        while (Instant.now().isBefore(until)) {
            Optional<T> got = probe.get();
            if (got.isPresent()) {
                return got;
            }
            TimeUnit.SECONDS.sleep(1);
        }
        System.err.println("demo-timeline: no " + what + " within " + max.toSeconds() + " s");
        return Optional.empty();
    }

    private static String since(Instant from) {
        return Math.max(0, Duration.between(from, Instant.now()).toSeconds()) + " s";
    }

    private static String counted(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
