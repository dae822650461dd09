package dev.aperture.ratings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.secrets.Secret;
import dev.aperture.secrets.SecretBox;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.JobRuns;
import dev.aperture.testing.TestDatabases;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/** Aperture with Trakt pointed at a fake that answers per user token, as Trakt does. */
final class TraktTestbed implements AutoCloseable {

    static final String CLIENT_ID = "trakt-client-id-0123456789";
    static final String CLIENT_SECRET = "trakt-client-secret-0123456789";

    final FakeServer trakt = new FakeServer();
    final AppFixture fixture;
    final JobRuns runs;
    final TraktTokens tokens;
    final RatingsStore ratings;

    TraktTestbed(TestDatabases db) {
        fixture = AppFixture.withClockSleeper(db);
        runs = new JobRuns(fixture.api);
        SecretBox box = SecretBox.open(fixture.app.config.secretKey(), fixture.app.config.dataDir());
        tokens = new TraktTokens(fixture.app.database.jdbi(), box, fixture.clock);
        ratings = new RatingsStore(fixture.app.database.jdbi(), fixture.clock);
        assertThat(fixture.api.put("/api/integrations/trakt", "{\"baseUrl\":\"" + trakt.baseUrl() + "\",\"clientId\":\""
                + CLIENT_ID + "\",\"clientSecret\":\"" + CLIENT_SECRET + "\"}").status()).isEqualTo(200);
    }

    /** A user whose access token is valid for {@code validFor} from the fixture's now (negative: expired). */
    void authorize(String user, String access, String refresh, Duration validFor) {
        tokens.authorize(user, Secret.of(access), Secret.of(refresh), fixture.clock.instant().plus(validFor));
    }

    /** Ratings answered per bearer token; an unknown token gets Trakt's bare 401. */
    void ratings(Map<String, String> moviesByToken, Map<String, String> showsByToken) {
        trakt.answer("/sync/ratings/movies", byToken(moviesByToken));
        trakt.answer("/sync/ratings/shows", byToken(showsByToken));
    }

    private static Function<FakeServer.Recorded, Response> byToken(Map<String, String> bodies) {
        return r -> {
            String auth = r.header("authorization");
            String token = auth == null ? "" : auth.replace("Bearer ", "");
            String body = bodies.get(token);
            return body == null ? Response.json(401, "") : Response.json(200, body);
        };
    }

    static String movie(String title, int traktId, String imdb, int tmdb, int rating) {
        return "{\"rated_at\":\"2026-01-02T09:10:11.000Z\",\"rating\":" + rating + ",\"type\":\"movie\",\"movie\":{"
                + "\"title\":\"" + title + "\",\"year\":2005,\"ids\":{\"trakt\":" + traktId + ",\"slug\":\"x\","
                + "\"imdb\":\"" + imdb + "\",\"tmdb\":" + tmdb + "}}}";
    }

    static String show(String title, int traktId, int rating) {
        return "{\"rated_at\":\"2026-01-03T09:10:11.000Z\",\"rating\":" + rating + ",\"type\":\"show\",\"show\":{"
                + "\"title\":\"" + title + "\",\"year\":2008,\"ids\":{\"trakt\":" + traktId + ",\"slug\":\"y\","
                + "\"tvdb\":81189,\"imdb\":\"tt0903747\",\"tmdb\":1396}}}";
    }

    static String tokenAnswer(String access, String refresh) {
        return "{\"access_token\":\"" + access + "\",\"token_type\":\"bearer\",\"expires_in\":86400,"
                + "\"refresh_token\":\"" + refresh + "\",\"scope\":\"public\",\"created_at\":1773500966}";
    }

    @Override
    public void close() {
        trakt.close();
        fixture.close();
    }
}
