package dev.aperture.requests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.JobRuns;
import dev.aperture.testing.TestDatabases;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SyncJellyseerrRequestsJobTest {

    private static final String KEY = "jellyseerr-key-0123456789abcdef";

    private final FakeServer jellyseerr = new FakeServer();
    private AppFixture fixture;
    private JobRuns runs;

    @AfterEach
    void close() {
        jellyseerr.close();
        if (fixture != null) {
            fixture.close();
        }
    }

    private void start(TestDatabases db) {
        fixture = AppFixture.withClockSleeper(db);
        runs = new JobRuns(fixture.api);
        fixture.app.accounts.createUser("alice", "alice-password-123", "user");
        fixture.app.accounts.createUser("Bob", "bob-password-123", "user");
        assertThat(fixture.api.put("/api/integrations/jellyseerr", "{\"baseUrl\":\"" + jellyseerr.baseUrl()
                + "\",\"apiKey\":\"" + KEY + "\"}").status()).isEqualTo(200);
    }

    /** One page of Overseerr's GET /api/v1/request, pageInfo counting {@code total}. */
    private static String page(int total, String... requests) {
        return "{\"pageInfo\":{\"pages\":" + ((total + 99) / 100) + ",\"pageSize\":100,\"results\":" + total
                + ",\"page\":1},\"results\":[" + String.join(",", requests) + "]}";
    }

    private static String request(int id, int tmdbId, String requestedBy) {
        return "{\"id\":" + id + ",\"status\":2,\"createdAt\":\"2026-02-01T10:00:00.000Z\",\"updatedAt\":"
                + "\"2026-02-01T10:00:00.000Z\",\"type\":\"movie\",\"is4k\":false,\"media\":{\"id\":" + (id + 50)
                + ",\"mediaType\":\"movie\",\"tmdbId\":" + tmdbId + ",\"tvdbId\":null,\"status\":3},"
                + "\"requestedBy\":" + requestedBy + ",\"seasons\":[]}";
    }

    private static String user(int id, String jellyfinUsername, String email, String displayName) {
        return "{\"id\":" + id + ",\"email\":" + quoted(email) + ",\"username\":null,\"plexUsername\":null,"
                + "\"jellyfinUsername\":" + quoted(jellyfinUsername) + ",\"displayName\":" + quoted(displayName)
                + ",\"userType\":3,\"permissions\":32}";
    }

    private static String quoted(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    private List<RequestStore.Request> stored() {
        return new RequestStore(fixture.app.database.jdbi(), fixture.clock).all();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_run_stores_requests_with_their_aperture_users_and_resolves_the_open_jellyseerr_alert(TestDatabases db) {
        start(db);
        jellyseerr.answer("/api/v1/auth/me", Response.json(403, "{\"status\":403,\"error\":\"You do not have "
                + "permission to access this endpoint\"}"));
        fixture.api.post("/api/integrations/jellyseerr/test", "");
        assertThat(runs.alerts("jellyseerr")).hasSize(1);
        assertThat(fixture.api.put("/api/jellyseerr/user-mappings", "{\"jellyseerrUserId\":7,\"username\":\"ALICE\"}")
                .status()).isEqualTo(200);
        jellyseerr.answer("/api/v1/request", Response.json(200, page(3,
                request(1, 603, user(1, "Alice", null, "Alice")),
                request(2, 27205, user(2, null, "bob@example.com", "Bobby")),
                request(3, 949, user(7, "mallory-tv", null, "Mal")))));

        JsonNode run = runs.run("sync-jellyseerr-requests");

        assertThat(run.get("status").asText()).isEqualTo("succeeded");
        assertThat(run.get("counts").get("done").asInt()).isEqualTo(1);
        assertThat(runs.alerts("jellyseerr")).isEmpty();
        assertThat(runs.history("jellyseerr")).extracting(a -> a.get("resolution").asText()).containsExactly("job");
        assertThat(stored()).extracting(r -> r.id() + ":" + r.tmdbId() + ":" + r.requestedById() + ":"
                + r.requestedByName() + ":" + r.apertureUser())
                .containsExactly("1:603:1:Alice:alice", "2:27205:2:Bobby:Bob", "3:949:7:Mal:alice");
        assertThat(stored().get(0).status()).isEqualTo(2);
        assertThat(stored().get(0).mediaType()).isEqualTo("movie");
        assertThat(jellyseerr.lastRequest().header("x-api-key")).isEqualTo(KEY);
        assertThat(jellyseerr.lastRequest().query()).contains("take=100", "skip=0");
        assertThat(fixture.api.get("/api/jellyseerr/user-mappings").json().get("mappings"))
                .extracting(m -> m.get("jellyseerrUserId").asInt() + "=" + m.get("username").asText())
                .containsExactly("7=alice");
    }

    @Test
    void an_unmapped_requester_is_a_user_not_found_alert_and_the_mapped_requests_are_still_stored() {
        start(TestDatabases.SQLITE);
        jellyseerr.answer("/api/v1/request", Response.json(200, page(3,
                request(1, 603, user(1, "alice", null, "Alice")),
                request(2, 550, user(9, "zoe", "zoe@example.com", "Zoe")),
                // Some Overseerr versions send only the requester's id; its lookup answers JSON 404.
                request(3, 680, "{\"id\":12}"))));
        jellyseerr.answer("/api/v1/user/12", Response.json(404, "{\"message\":\"User not found.\"}"));

        JsonNode run = runs.run("sync-jellyseerr-requests");
        String runId = run.get("id").asText();

        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("counts").get("failed").asInt()).isEqualTo(1);
        List<JsonNode> alerts = runs.alerts("jellyseerr");
        // Zoe's answer carries her display name, so the title names her; user 12's lookup answered no name.
        assertThat(alerts).extracting(a -> a.get("subject").asText()).containsExactlyInAnyOrder("user Zoe", "user 12");
        assertThat(alerts).extracting(a -> a.get("title").asText())
                .contains("Jellyseerr user Zoe: not mapped").noneMatch(t -> t.contains("user 9"));
        assertThat(alerts).allSatisfy(a -> {
            assertThat(a.get("type").asText()).isEqualTo("configuration");
            assertThat(a.get("message").asText()).startsWith("User not found: user mapping issue");
            assertThat(a.get("action").asText()).startsWith("Check user configuration");
        });
        JsonNode zoe = alerts.stream().filter(a -> a.get("subject").asText().equals("user Zoe")).findFirst().orElseThrow();
        JsonNode lookup = alerts.stream().filter(a -> a.get("subject").asText().equals("user 12")).findFirst()
                .orElseThrow();
        assertThat(zoe.get("message").asText()).contains("Jellyseerr user 9 \"Zoe\"");
        assertThat(runs.items(runId, "failed").get(0).get("alertId").asText()).isEqualTo(zoe.get("id").asText());
        assertThat(runs.items(runId, "failed").get(0).get("detail").asText()).contains("Zoe (user 9)");
        assertThat(runs.logs(runId)).anyMatch(l -> lookup.get("id").asText().equals(l.get("alertId").asText()));
        List<JsonNode> errors = runs.errors(runId);
        assertThat(errors).hasSize(2).allMatch(e -> e.get("jobRunId").asText().equals(runId));
        assertThat(errors).anyMatch(e -> e.get("request").get("method").asText().equals("-")
                && e.get("request").get("url").asText().equals("-"));
        assertThat(stored()).extracting(r -> r.id() + ":" + r.apertureUser())
                .containsExactly("1:alice", "2:null", "3:null");

        // The admin maps Zoe; user 12 turns out to be alice. Retry reads just the failed page, and resolves.
        fixture.api.put("/api/jellyseerr/user-mappings", "{\"jellyseerrUserId\":9,\"username\":\"bob\"}");
        jellyseerr.answer("/api/v1/user/12", Response.json(200, user(12, "alice", null, "Alice (TV)")));
        JsonNode retry = runs.retry(runId);
        assertThat(retry.get("status").asText()).isEqualTo("succeeded");
        assertThat(retry.get("counts").get("total").asInt()).isEqualTo(1);
        assertThat(runs.alerts("jellyseerr")).isEmpty();
        assertThat(stored()).extracting(r -> r.id() + ":" + r.apertureUser())
                .containsExactly("1:alice", "2:Bob", "3:alice");
    }

    @Test
    void a_page_that_keeps_failing_is_failed_after_backoff_and_the_other_page_is_stored() {
        start(TestDatabases.SQLITE);
        String firstPage = page(150, IntStream.rangeClosed(1, 100)
                .mapToObj(i -> request(i, 1000 + i, user(1, "alice", null, "Alice"))).toArray(String[]::new));
        jellyseerr.answer("/api/v1/request", r -> r.query().contains("skip=100")
                ? Response.json(503, "{\"message\":\"Service Unavailable\"}") : Response.json(200, firstPage));

        JsonNode run = runs.run("sync-jellyseerr-requests");

        assertThat(run.get("status").asText()).isEqualTo("completed_with_errors");
        assertThat(run.get("counts").get("total").asInt()).isEqualTo(2);
        assertThat(run.get("counts").get("done").asInt()).isEqualTo(1);
        assertThat(run.get("counts").get("failed").asInt()).isEqualTo(1);
        assertThat(jellyseerr.requests()).filteredOn(r -> r.query().contains("skip=100")).hasSize(3);
        assertThat(stored()).hasSize(100);
        assertThat(fixture.api.put("/api/jellyseerr/user-mappings", "{\"jellyseerrUserId\":3,\"username\":\"nobody\"}")
                .status()).isEqualTo(400);
    }
}
