package dev.aperture.ratings;

import static dev.aperture.ratings.TraktTestbed.movie;
import static dev.aperture.ratings.TraktTestbed.show;
import static dev.aperture.ratings.TraktTestbed.tokenAnswer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SyncTraktRatingsJobTest {

    private static final Duration VALID = Duration.ofHours(12);
    private static final Duration EXPIRED = Duration.ofHours(-1);

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_run_stores_every_users_ratings_and_resolves_the_open_trakt_alert(TestDatabases db) {
        try (TraktTestbed t = new TraktTestbed(db)) {
            t.trakt.answer("/genres/movies", Response.json(403, ""));
            t.fixture.api.post("/api/integrations/trakt/test", "");
            assertThat(t.runs.alerts("trakt")).hasSize(1);
            t.authorize("alice", "alice-access", "alice-refresh", VALID);
            t.authorize("bob", "bob-access", "bob-refresh", VALID);
            t.ratings(Map.of("alice-access", "[" + movie("Batman Begins", 1, "tt0372784", 272, 10) + "]",
                            "bob-access", "[" + movie("Heat", 7, "tt0113277", 949, 8) + "]"),
                    Map.of("alice-access", "[" + show("Breaking Bad", 1388, 9) + "]", "bob-access", "[]"));

            JsonNode run = t.runs.run("sync-trakt-ratings");

            assertThat(run.get("status").asText()).isEqualTo("succeeded");
            assertThat(run.get("counts").get("done").asInt()).isEqualTo(2);
            assertThat(t.runs.alerts("trakt")).isEmpty();
            assertThat(t.runs.history("trakt")).extracting(a -> a.get("resolution").asText()).containsExactly("job");
            assertThat(t.ratings.of("alice")).containsExactly(
                    new RatingsStore.Rating("movie", "1", "tt0372784", "272", "Batman Begins", 2005, 10,
                            Instant.parse("2026-01-02T09:10:11Z")),
                    new RatingsStore.Rating("show", "1388", "tt0903747", "1396", "Breaking Bad", 2008, 9,
                            Instant.parse("2026-01-03T09:10:11Z")));
            assertThat(t.ratings.of("bob")).extracting(RatingsStore.Rating::title).containsExactly("Heat");
            FakeServer.Recorded sent = t.trakt.requests().stream()
                    .filter(r -> r.path().equals("/sync/ratings/movies")).findFirst().orElseThrow();
            assertThat(sent.header("trakt-api-key")).isEqualTo(TraktTestbed.CLIENT_ID);
            assertThat(sent.header("trakt-api-version")).isEqualTo("2");
            JsonNode users = t.fixture.api.get("/api/trakt/users").json().get("users");
            assertThat(users).extracting(u -> u.get("user").asText() + "=" + u.get("ratings").asInt())
                    .containsExactly("alice=2", "bob=1");
            assertThat(users.toString()).doesNotContain("alice-access", "alice-refresh");
        }
    }

    @Test
    void an_expired_token_and_a_401_are_refreshed_once_silently_and_the_new_pair_is_stored_sealed() {
        try (TraktTestbed t = new TraktTestbed(TestDatabases.SQLITE)) {
            t.authorize("alice", "alice-old", "alice-refresh-1", EXPIRED);
            // Bob's token looks valid by its expiry, but Trakt revoked it: the 401 triggers the refresh.
            t.authorize("bob", "bob-old", "bob-refresh-1", VALID);
            t.trakt.answer("/oauth/token", r -> r.body().contains("alice-refresh-1")
                    ? Response.json(200, tokenAnswer("alice-new", "alice-refresh-2"))
                    : r.body().contains("bob-refresh-1") ? Response.json(200, tokenAnswer("bob-new", "bob-refresh-2"))
                    : Response.json(400, "{\"error\":\"invalid_grant\"}"));
            t.ratings(Map.of("alice-new", "[" + movie("Heat", 7, "tt0113277", 949, 8) + "]", "bob-new", "[]"),
                    Map.of("alice-new", "[]", "bob-new", "[" + show("Breaking Bad", 1388, 9) + "]"));

            JsonNode run = t.runs.run("sync-trakt-ratings");
            String runId = run.get("id").asText();

            assertThat(run.get("status").asText()).isEqualTo("succeeded");
            assertThat(t.runs.alerts("trakt")).isEmpty();
            assertThat(t.runs.errors(runId)).isEmpty();
            assertThat(t.ratings.of("alice")).extracting(RatingsStore.Rating::title).containsExactly("Heat");
            assertThat(t.ratings.of("bob")).extracting(RatingsStore.Rating::title).containsExactly("Breaking Bad");
            List<FakeServer.Recorded> refreshes = t.trakt.requests().stream()
                    .filter(r -> r.path().equals("/oauth/token")).toList();
            assertThat(refreshes).hasSize(2);
            assertThat(refreshes.get(0).body()).contains("\"refresh_token\":\"alice-refresh-1\"",
                    "\"grant_type\":\"refresh_token\"", "\"client_id\":\"" + TraktTestbed.CLIENT_ID + "\"",
                    "\"redirect_uri\":\"urn:ietf:wg:oauth:2.0:oob\"");
            // Alice was refreshed before any call (expiry passed): her old token never went on the wire.
            assertThat(t.trakt.requests()).noneMatch(r -> "Bearer alice-old".equals(r.header("authorization")));
            TraktTokens.Tokens alice = t.tokens.find("alice").orElseThrow();
            assertThat(alice.access().reveal()).isEqualTo("alice-new");
            assertThat(alice.refresh().reveal()).isEqualTo("alice-refresh-2");
            assertThat(alice.expiresAt()).isAfter(t.fixture.clock.instant());
            String stored = t.fixture.app.database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT access_token || ' ' || refresh_token FROM trakt_users WHERE username = 'bob'")
                    .mapTo(String.class).one());
            assertThat(stored).startsWith("v1:").doesNotContain("bob-new", "bob-refresh-2");
            assertThat(t.runs.logs(runId)).extracting(l -> l.get("message").asText()).noneMatch(
                    m -> m.contains("alice-new") || m.contains("refresh-2"));
        }
    }

    @Test
    void a_refused_refresh_is_an_authentication_alert_of_that_user_and_the_other_user_is_still_synced() {
        try (TraktTestbed t = new TraktTestbed(TestDatabases.SQLITE)) {
            t.authorize("alice", "alice-old", "alice-refresh-1", EXPIRED);
            t.authorize("bob", "bob-access", "bob-refresh", VALID);
            t.ratings.replace("alice", List.of(new RatingsStore.Rating("movie", "5", null, null, "Alien", 1979, 7, null)));
            t.trakt.answer("/oauth/token", Response.json(400, "{\"error\":\"invalid_grant\",\"error_description\":"
                    + "\"The provided authorization grant is invalid, expired, revoked, does not match the redirection "
                    + "URI used in the authorization request, or was issued to another client.\"}"));
            t.ratings(Map.of("bob-access", "[" + movie("Heat", 7, "tt0113277", 949, 8) + "]", "alice-new", "[]"),
                    Map.of("bob-access", "[]", "alice-new", "[]"));

            JsonNode run = t.runs.run("sync-trakt-ratings");
            String runId = run.get("id").asText();

            assertThat(run.get("status").asText()).isEqualTo("completed_with_errors");
            assertThat(run.get("counts").get("done").asInt()).isEqualTo(1);
            assertThat(run.get("counts").get("failed").asInt()).isEqualTo(1);
            assertThat(run.get("counts").get("pending").asInt()).isZero();
            List<JsonNode> alerts = t.runs.alerts("trakt");
            assertThat(alerts).hasSize(1);
            JsonNode alert = alerts.get(0);
            assertThat(alert.get("type").asText()).isEqualTo("authentication");
            assertThat(alert.get("subject").asText()).isEqualTo("alice");
            assertThat(alert.get("code").asText()).isEqualTo("invalid_grant");
            JsonNode failed = t.runs.items(runId, "failed").get(0);
            assertThat(failed.get("item").asText()).isEqualTo("alice");
            assertThat(failed.get("alertId").asText()).isEqualTo(alert.get("id").asText());
            assertThat(t.runs.logs(runId)).anyMatch(l -> alert.get("id").asText().equals(l.get("alertId").asText())
                    && "alice".equals(l.get("item").asText()));
            List<JsonNode> errors = t.runs.errors(runId);
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).get("jobRunId").asText()).isEqualTo(runId);
            assertThat(errors.get(0).toString()).doesNotContain("alice-refresh-1", TraktTestbed.CLIENT_SECRET);
            assertThat(t.ratings.of("bob")).extracting(RatingsStore.Rating::title).containsExactly("Heat");
            assertThat(t.ratings.of("alice")).extracting(RatingsStore.Rating::title).containsExactly("Alien");

            // Alice authorizes again; retry syncs just her.
            t.authorize("alice", "alice-new", "alice-refresh-9", VALID);
            int before = t.trakt.requests().size();
            JsonNode retry = t.runs.retry(runId);
            assertThat(retry.get("status").asText()).isEqualTo("succeeded");
            assertThat(retry.get("counts").get("total").asInt()).isEqualTo(1);
            assertThat(t.trakt.requests().subList(before, t.trakt.requests().size()))
                    .allMatch(r -> "Bearer alice-new".equals(r.header("authorization")));
            assertThat(t.ratings.of("alice")).isEmpty();
        }
    }
}
