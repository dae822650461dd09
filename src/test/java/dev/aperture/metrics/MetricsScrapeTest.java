package dev.aperture.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** /metrics scraped over HTTP as Prometheus would, and parsed. */
class MetricsScrapeTest {

    /** {@code name{k="v",…} value}: one sample of the text format. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Sample(String name, Map<String, String> labels, double value) {}

    static Map<String, java.util.List<Sample>> parse(String text) {
        Map<String, java.util.List<Sample>> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("a valid sample line: %s", line).isTrue();
            Map<String, String> labels = new TreeMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            out.computeIfAbsent(m.group(1), k -> new java.util.ArrayList<>())
                    .add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
        return out;
    }

    static double value(Map<String, java.util.List<Sample>> samples, String name, Map<String, String> labels) {
        return samples.getOrDefault(name, java.util.List.of()).stream()
                .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name + labels + " in " + samples.keySet()));
    }

    private static final String TMDB_KEY = "3f0c9a7be21d4c58a6e1f09b7d2c4e81";
    private static final String OMDB_KEY = "c4n4ry08";

    @Test
    void metrics_show_calls_latency_open_alerts_job_runs_pacing_and_quota_use() {
        try (FakeServer tmdb = new FakeServer(); AppFixture fixture = new AppFixture(TestDatabases.SQLITE)) {
            // Canary keys shaped like the real ones (TMDb's 32 hex characters, OMDb's 8), so a leak would show.
            assertThat(fixture.api.put("/api/integrations/tmdb", "{\"apiKey\":\"" + TMDB_KEY + "\",\"baseUrl\":\""
                    + tmdb.baseUrl() + "/3\"}").status()).isEqualTo(200);
            assertThat(fixture.api.put("/api/integrations/omdb", "{\"apiKey\":\"" + OMDB_KEY + "\",\"baseUrl\":\""
                    + tmdb.baseUrl() + "/\"}").status()).isEqualTo(200);
            tmdb.answer("/3/", Response.json(503, "{\"status_code\":9,\"status_message\":\"Service offline.\"}"));
            tmdb.answer("/", Response.json(200, "{\"Title\":\"x\",\"Response\":\"True\"}"));
            fixture.api.post("/api/integrations/tmdb/test", "");
            fixture.api.post("/api/integrations/tmdb/test", "");
            fixture.api.post("/api/integrations/omdb/test", "");
            fixture.app.metrics.runFinished("enrich-metadata", "completed_with_errors");

            RestClient.Reply reply = fixture.api.get("/metrics");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.headers().get("content-type").get(0)).startsWith("text/plain");
            Map<String, java.util.List<Sample>> m = parse(reply.body());
            assertThat(value(m, "aperture_calls_total", Map.of("service", "tmdb", "purpose", "test",
                    "outcome", "error", "type", "outage"))).isEqualTo(2);
            assertThat(value(m, "aperture_calls_total", Map.of("service", "omdb", "outcome", "success"))).isEqualTo(1);
            assertThat(value(m, "aperture_call_duration_seconds_count", Map.of("service", "tmdb"))).isEqualTo(2);
            assertThat(value(m, "aperture_call_duration_seconds_bucket", Map.of("service", "tmdb", "le", "+Inf")))
                    .isEqualTo(2);
            assertThat(m.get("aperture_call_duration_seconds_bucket")).extracting(s -> s.labels().get("le"))
                    .contains("0.025", "0.1", "1.0", "20.0");
            assertThat(value(m, "aperture_alerts_open", Map.of("service", "tmdb", "type", "outage",
                    "severity", "info"))).isEqualTo(1);
            assertThat(value(m, "aperture_job_runs_total", Map.of("job", "enrich-metadata",
                    "status", "completed_with_errors"))).isEqualTo(1);
            assertThat(value(m, "aperture_quota_used", Map.of("service", "omdb", "window", "day"))).isEqualTo(1);
            assertThat(value(m, "aperture_quota_limit", Map.of("service", "omdb", "window", "day"))).isEqualTo(1000);
            // The second TMDb test came 26 ms after the first on the frozen clock: it waited for its permit.
            assertThat(value(m, "aperture_pacing_wait_seconds_count", Map.of("service", "tmdb", "reason", "pace")))
                    .isEqualTo(1);
            // The keys did go out with the calls the metrics count, and none of them is in the scrape.
            assertThat(tmdb.requests()).anySatisfy(r -> assertThat(r.uri() + " " + r.headers()).contains(TMDB_KEY));
            assertThat(tmdb.requests()).anySatisfy(r -> assertThat(r.query()).contains(OMDB_KEY));
            assertThat(reply.body().toLowerCase(java.util.Locale.ROOT)).doesNotContain(TMDB_KEY, OMDB_KEY, "apikey",
                    "api_key");

            assertThat(RestClient.anonymous(fixture.baseUrl()).get("/metrics").status()).isEqualTo(401);
        }
    }
}
