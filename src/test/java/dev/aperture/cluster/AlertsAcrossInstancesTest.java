package dev.aperture.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.ApertureProcess;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Three Aperture processes on one PostgreSQL database, each serving open alerts from its own memory:
 * what one instance records, counts, resolves or dismisses through its API is what the other two serve.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertsAcrossInstancesTest {

    private static final String PASSWORD = "alerts-cluster-admin-password";
    /** OMDb's answer to a wrong key (a 401 with this body), as documented at https://www.omdbapi.com/. */
    private static final String OMDB_INVALID_KEY = "{\"Response\":\"False\",\"Error\":\"Invalid API key!\"}";
    /** OMDb's answer to a title lookup that worked (https://www.omdbapi.com/, "By ID or Title"). */
    private static final String OMDB_FOUND = "{\"Title\":\"Blade Runner\",\"Year\":\"1982\",\"imdbID\":\"tt0083658\","
            + "\"Response\":\"True\"}";
    /** Generous: a change reaches the others within milliseconds, on a machine that may be busy. */
    private static final Duration CEILING = Duration.ofSeconds(15);

    private final TestDatabases.Target db = TestDatabases.POSTGRESQL.create();
    private final FakeServer omdb = new FakeServer();
    private final List<ApertureProcess> processes = new ArrayList<>();
    private final List<RestClient> apis = new ArrayList<>();

    @BeforeAll
    void start_three_instances_on_one_database() throws Exception {
        omdb.answer("/", Response.json(401, OMDB_INVALID_KEY));
        List<Map<String, String>> envs = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            Map<String, String> env = new HashMap<>();
            env.put("APERTURE_DATABASE_URL", db.url().orElseThrow());
            env.put("APERTURE_DATA_DIR", Files.createTempDirectory("aperture-alerts-" + name).toString());
            env.put("APERTURE_SECRET_KEY", "one passphrase shared by every instance");
            env.put("APERTURE_ADMIN_PASSWORD", PASSWORD);
            env.put("APERTURE_INSTANCE_NAME", name);
            env.put("APERTURE_HEARTBEAT_SECONDS", "1");
            // No background probes: every occurrence in this test is one the test caused.
            env.put("APERTURE_HEALTH_TICK_SECONDS", "0");
            envs.add(env);
        }
        // a first, as it creates the schema and the admin; then b and c together, their JVM starts overlapping.
        processes.add(ApertureProcess.start(envs.get(0)));
        processes.addAll(ApertureProcess.startTogether(envs.subList(1, 3)));
        for (ApertureProcess process : processes) {
            apis.add(RestClient.loggedIn(process.baseUrl(), "admin", PASSWORD));
        }
        assertThat(apis.get(0).put("/api/integrations/omdb", "{\"apiKey\":\"omdbwrong\",\"baseUrl\":\""
                + omdb.baseUrl() + "\"}").status()).isEqualTo(200);
    }

    @AfterAll
    void stop() throws InterruptedException {
        for (ApertureProcess p : processes) {
            p.close();
        }
        omdb.close();
        db.close();
    }

    @Test
    void an_alert_recorded_counted_resolved_and_dismissed_on_one_instance_is_served_so_by_the_other_two() {
        RestClient a = apis.get(0);
        RestClient b = apis.get(1);
        RestClient c = apis.get(2);

        assertThat(a.post("/api/integrations/omdb/test", "").json().get("ok").asBoolean()).isFalse();
        assertThat(omdb.lastRequest().query()).contains("apikey=omdbwrong");
        String first = onlyOpenOmdbAlert(a).get("id").asText();
        awaitOn(List.of(b, c), api -> {
            JsonNode alert = onlyOpenOmdbAlert(api);
            assertThat(alert.get("id").asText()).isEqualTo(first);
            assertThat(alert.get("count").asInt()).isEqualTo(1);
            assertThat(api.get("/api/alerts/summary").json().at("/byService/omdb").asInt()).isEqualTo(1);
        });

        // b writes its first occurrence of the key through, then counts the next in memory and flushes it.
        b.post("/api/integrations/omdb/test", "");
        b.post("/api/integrations/omdb/test", "");
        assertThat(onlyOpenOmdbAlert(b).get("count").asInt()).isEqualTo(3);
        awaitOn(List.of(a, c), api -> assertThat(onlyOpenOmdbAlert(api).get("count").asInt()).isEqualTo(3));

        omdb.answer("/", Response.json(200, OMDB_FOUND));
        assertThat(c.post("/api/integrations/omdb/test", "").json().get("ok").asBoolean()).isTrue();
        assertThat(openOmdbAlerts(c)).isEmpty();
        awaitOn(List.of(a, b), api -> {
            assertThat(openOmdbAlerts(api)).isEmpty();
            assertThat(api.get("/api/alerts").json().at("/totals/total").asInt()).isZero();
            assertThat(api.get("/api/alerts/history").json().get("alerts")).anySatisfy(h -> {
                assertThat(h.get("id").asText()).isEqualTo(first);
                assertThat(h.get("resolution").asText()).isEqualTo("test_connection");
                assertThat(h.get("count").asInt()).isEqualTo(3);
            });
        });

        omdb.answer("/", Response.json(401, OMDB_INVALID_KEY));
        a.post("/api/integrations/omdb/test", "");
        String second = onlyOpenOmdbAlert(a).get("id").asText();
        assertThat(second).isNotEqualTo(first);
        awaitOn(List.of(b, c), api -> {
            assertThat(onlyOpenOmdbAlert(api).get("id").asText()).isEqualTo(second);
            assertThat(onlyOpenOmdbAlert(api).get("count").asInt()).isEqualTo(1);
        });

        assertThat(b.post("/api/alerts/" + second + "/dismiss", "").status()).isEqualTo(200);
        assertThat(openOmdbAlerts(b)).isEmpty();
        awaitOn(List.of(a, c), api -> {
            assertThat(openOmdbAlerts(api)).isEmpty();
            assertThat(api.get("/api/integrations/omdb").json().get("openAlerts")).isEmpty();
        });
        // Dismissed, it still counts what keeps failing, on every instance.
        c.post("/api/integrations/omdb/test", "");
        awaitOn(List.of(a, b, c), api -> assertThat(api.get("/api/alerts/history").json().get("alerts"))
                .anySatisfy(h -> {
                    assertThat(h.get("id").asText()).isEqualTo(second);
                    assertThat(h.get("dismissedAt").isNull()).isFalse();
                    assertThat(h.get("count").asInt()).isEqualTo(2);
                }));
        assertThat(openOmdbAlerts(a)).isEmpty();
    }

    private static void awaitOn(List<RestClient> instances, java.util.function.Consumer<RestClient> check) {
        await().atMost(CEILING).untilAsserted(() -> instances.forEach(check));
    }

    private static JsonNode onlyOpenOmdbAlert(RestClient api) {
        List<JsonNode> open = openOmdbAlerts(api);
        assertThat(open).hasSize(1);
        return open.get(0);
    }

    private static List<JsonNode> openOmdbAlerts(RestClient api) {
        List<JsonNode> out = new ArrayList<>();
        api.get("/api/alerts?service=omdb").json().get("alerts").forEach(out::add);
        return out;
    }
}
