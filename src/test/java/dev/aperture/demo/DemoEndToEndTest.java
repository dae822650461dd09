package dev.aperture.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.calls.ServiceId;
import dev.aperture.testing.RestClient;
import dev.aperture.ui.Browser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * The demo as a newcomer starts it, five times faster: each scripted event is waited for (bounded)
 * and checked through the REST API, then the admin fixes Jellyseerr and breaks TMDb from the CLI.
 */
@Tag("slow")
class DemoEndToEndTest {

    private static final Duration EVENT = Duration.ofSeconds(90);

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static JsonNode awaitAlert(RestClient api, String path, Predicate<JsonNode> match) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(EVENT).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (JsonNode a : api.get(path).json().get("alerts")) {
                if (match.test(a)) {
                    found[0] = a;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static JsonNode awaitRun(RestClient api, String job, Predicate<JsonNode> match) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(EVENT).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (JsonNode r : api.get("/api/jobs/runs?job=" + job).json().get("runs")) {
                if (!r.get("status").asText().equals("running") && match.test(r)) {
                    found[0] = r;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static String nextMidnight(String instant) {
        return Instant.parse(instant).atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC)
                .toInstant().toString();
    }

    @Test
    void the_scripted_demo_shows_every_kind_of_failure_open_and_clear() throws Exception {
        Path dir = Files.createTempDirectory("aperture-demo");
        try (Demo demo = new Demo(dir, 0, 5, "demo-password")) {
            demo.startScript();
            RestClient api = RestClient.loggedIn("http://127.0.0.1:" + demo.app.port(), "admin", "demo-password");

            JsonNode library = awaitRun(api, "sync-library", r -> true);
            assertThat(library.get("status").asText()).isEqualTo("succeeded");
            assertThat(api.get("/api/library").json().get("items")).hasSize(300);

            // MDBList goes down: a blue outage alert that counted the failed probes, cleared by a health check.
            JsonNode recovered = awaitAlert(api, "/api/alerts/history?service=mdblist",
                    a -> a.get("type").asText().equals("outage") && !a.get("resolvedAt").isNull());
            assertThat(recovered.get("severity").asText()).isEqualTo("info");
            assertThat(recovered.get("count").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(recovered.get("resolution").asText()).isEqualTo("health_check");

            // OMDb's daily quota runs out mid-run: a rate limit resetting at midnight UTC, the rest pending.
            JsonNode omdb = awaitAlert(api, "/api/alerts?service=omdb",
                    a -> a.get("code").asText().equals("Request limit reached!"));
            assertThat(omdb.get("severity").asText()).isEqualTo("warning");
            // The next midnight UTC after the refusal, by the app's own clock (the alert's times), whatever today is.
            assertThat(omdb.get("resetAt").asText()).isIn(nextMidnight(omdb.get("firstSeenAt").asText()),
                    nextMidnight(omdb.get("lastSeenAt").asText()));
            JsonNode enrich = awaitRun(api, "enrich-metadata", r -> true);
            assertThat(enrich.get("status").asText()).isEqualTo("completed_with_errors");
            assertThat(enrich.get("pending").asInt()).isPositive();
            assertThat(enrich.get("done").asInt()).isPositive();
            assertThat(enrich.get("failed").asInt()).isZero();

            // TMDb's edge refused some calls (429 + Retry-After); the run slowed down and TMDb data arrived anyway.
            assertThat(api.get("/api/errors?service=tmdb&type=rate_limit").json().get("errors")).isNotEmpty();
            // Every item the run finished has its TMDb data, however many the demo's speed let it finish.
            long withTmdb = list(api.get("/api/library").json().get("items")).stream()
                    .filter(i -> !i.get("tmdbEnrichedAt").isNull()).count();
            assertThat(withTmdb).isGreaterThanOrEqualTo(enrich.get("done").asLong());

            // Trakt: expired tokens refreshed silently, then bob's refresh refused: an alert naming bob.
            JsonNode bob = awaitAlert(api, "/api/alerts?service=trakt", a -> a.get("subject").asText().equals("bob"));
            assertThat(bob.get("type").asText()).isEqualTo("authentication");
            assertThat(bob.get("message").asText()).contains("bob");
            assertThat(demo.sims.trakt.refreshes.get()).isGreaterThanOrEqualTo(2);
            assertThat(list(api.get("/api/jobs/runs?job=sync-trakt-ratings").json().get("runs")))
                    .anySatisfy(r -> {
                        assertThat(r.get("status").asText()).isEqualTo("succeeded");
                        assertThat(r.get("done").asInt()).isEqualTo(2);
                    });

            // Jellyseerr's URL is wrong: a configuration alert until the admin fixes it.
            JsonNode jellyseerr = awaitAlert(api, "/api/alerts?service=jellyseerr",
                    a -> a.get("type").asText().equals("configuration"));
            assertThat(jellyseerr.get("code").asText()).isEqualTo("connection_refused");
            assertThat(api.put("/api/integrations/jellyseerr", "{\"baseUrl\":\"" + demo.jellyseerrUrl() + "\",\"apiKey\":\""
                    + demo.jellyseerrKey() + "\"}").status())
                    .isEqualTo(200);
            assertThat(api.post("/api/integrations/jellyseerr/test", "").json().get("ok").asBoolean()).isTrue();
            assertThat(api.get("/api/alerts?service=jellyseerr").json().get("alerts")).isEmpty();
            api.post("/api/jobs/sync-jellyseerr-requests/run", "");
            JsonNode carol = awaitAlert(api, "/api/alerts?service=jellyseerr", a -> a.get("subject").asText()
                    .startsWith("user"));
            assertThat(carol.get("message").asText()).contains("User not found");

            // Notifications went to the demo's webhook receiver.
            await().atMost(EVENT).until(() -> demo.webhookMessages() >= 2);

            try (Browser browser = new Browser("http://127.0.0.1:" + demo.app.port())) {
                browser.logIn("admin", "demo-password");
                browser.open("/integrations");
                browser.fullScreenshot("demo-integrations", 1280);
            }

            // The admin breaks TMDb from the command line; Test Connection shows it at once.
            assertThat(DemoCommand.control(dir, null, "/break/tmdb/auth", quiet(), quiet())).isZero();
            assertThat(demo.sims.fault(ServiceId.TMDB)).isEqualTo(Fault.AUTH);
            JsonNode broken = api.post("/api/integrations/tmdb/test", "").json();
            assertThat(broken.at("/error/type").asText()).isEqualTo("authentication");
            assertThat(DemoCommand.control(dir, null, "/heal/tmdb", quiet(), quiet())).isZero();
            assertThat(api.post("/api/integrations/tmdb/test", "").json().get("ok").asBoolean()).isTrue();
            assertThat(api.get("/api/alerts?service=tmdb&type=authentication").json().get("alerts")).isEmpty();
        }
        assertThat(Files.exists(dir.resolve(DemoControl.FILE))).as("the control endpoint is gone with the demo").isFalse();
    }

    private static java.io.PrintWriter quiet() {
        return new java.io.PrintWriter(java.io.Writer.nullWriter());
    }
}
