package dev.aperture.integrations.trakt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.calls.CallContext;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Outcome;
import dev.aperture.integrations.Caller;
import dev.aperture.integrations.Fetched;
import dev.aperture.integrations.Field;
import dev.aperture.integrations.PayloadReader;
import dev.aperture.integrations.Settings;
import dev.aperture.secrets.Secret;
import dev.aperture.testing.FakeServer.Recorded;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.PipelineFixture;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TraktClientTest {

    private static final String CLIENT_ID = "9b36d8c0db59eff5038aea7a417d73e69aea75b41aac771816d2ef1b3109cc2f";
    private static final String CLIENT_SECRET = "d6ea27703957b69939b8104ed4524595e210cd2e79af587744a7eb6e58f5b3d2";
    private static final String ACCESS_TOKEN = "dbaf9757982a9e738f05d249b7b5b4a266b3a139049317c4909f2f263572c781";
    private static final String REFRESH_TOKEN = "76ba4c5c75c96f6087f58a4de10be6c00b29ea1ddc3b2022ee2016d1363e3a7c";
    /** GET /sync/ratings/movies (https://trakt.docs.apiary.io/#reference/sync/get-ratings), its two movie entries. */
    private static final String MOVIE_RATINGS = "[{\"rated_at\":\"2014-09-01T09:10:11.000Z\",\"rating\":10,"
            + "\"type\":\"movie\",\"movie\":{\"title\":\"Batman Begins\",\"year\":2005,\"ids\":{\"trakt\":1,"
            + "\"slug\":\"batman-begins-2005\",\"imdb\":\"tt0372784\",\"tmdb\":272}}},"
            + "{\"rated_at\":\"2014-09-01T09:10:11.000Z\",\"rating\":10,\"type\":\"movie\",\"movie\":{"
            + "\"title\":\"The Dark Knight\",\"year\":2008,\"ids\":{\"trakt\":6,\"slug\":\"the-dark-knight-2008\","
            + "\"imdb\":\"tt0468569\",\"tmdb\":155}}}]";
    /** GET /sync/ratings/shows (same page): the entry names the show under "show". */
    private static final String SHOW_RATINGS = "[{\"rated_at\":\"2014-09-01T09:10:11.000Z\",\"rating\":10,"
            + "\"type\":\"show\",\"show\":{\"title\":\"Breaking Bad\",\"year\":2008,\"ids\":{\"trakt\":1,"
            + "\"slug\":\"breaking-bad\",\"tvdb\":81189,\"imdb\":\"tt0903747\",\"tmdb\":1396}}}]";
    /**
     * POST /oauth/token with grant_type refresh_token, and POST /oauth/device/token once approved
     * (https://trakt.docs.apiary.io/#reference/authentication-oauth and #reference/authentication-devices).
     */
    private static final String TOKENS = "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"bearer\","
            + "\"expires_in\":7200,\"refresh_token\":\"" + REFRESH_TOKEN + "\",\"scope\":\"public\","
            + "\"created_at\":1487889741}";
    /** POST /oauth/device/code (https://trakt.docs.apiary.io/#reference/authentication-devices/device-code). */
    private static final String DEVICE_CODE = "{\"device_code\":\"d9c126a7706328d808914cfd1e40274b6e009f684b1aca271b8b2ee3f71cad07\","
            + "\"user_code\":\"5055CC52\",\"verification_url\":\"https://trakt.tv/activate\",\"expires_in\":600,"
            + "\"interval\":5}";

    private final TraktIntegration trakt = new TraktIntegration();
    private final PipelineFixture fixture = new PipelineFixture(trakt);
    private final TraktClient client = new TraktClient(trakt, PayloadReader.boundedMapper());
    private final Caller caller = r -> fixture.calls().call(r, CallContext.job("run-1"));

    @AfterEach
    void close() {
        fixture.close();
    }

    private Settings settings() {
        return Settings.empty().with(Field.BASE_URL, fixture.server.baseUrl()).with(Field.CLIENT_ID, CLIENT_ID)
                .withSecret(Field.CLIENT_SECRET, Secret.of(CLIENT_SECRET));
    }

    @Test
    void movie_ratings_are_read_with_their_ids_and_sent_with_the_users_token_and_the_apps_key() {
        fixture.server.answer(Response.json(200, MOVIE_RATINGS));

        Fetched<List<TraktRating>> fetched = client.ratings(caller, settings(), TraktRating.Kind.MOVIE,
                Secret.of(ACCESS_TOKEN), "alice");

        Instant rated = Instant.parse("2014-09-01T09:10:11Z");
        assertThat(fetched).isEqualTo(new Fetched.Got<>(List.of(
                new TraktRating(TraktRating.Kind.MOVIE, "1", "tt0372784", "272", "Batman Begins", 2005, 10, rated),
                new TraktRating(TraktRating.Kind.MOVIE, "6", "tt0468569", "155", "The Dark Knight", 2008, 10, rated)),
                fetched.result()));
        Recorded sent = fixture.server.lastRequest();
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.path()).isEqualTo("/sync/ratings/movies");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + ACCESS_TOKEN);
        assertThat(sent.header("trakt-api-key")).isEqualTo(CLIENT_ID);
        assertThat(sent.header("trakt-api-version")).isEqualTo("2");
    }

    @Test
    void show_ratings_read_the_show_under_its_own_key() {
        fixture.server.answer(Response.json(200, SHOW_RATINGS));

        Fetched<List<TraktRating>> fetched = client.ratings(caller, settings(), TraktRating.Kind.SHOW,
                Secret.of(ACCESS_TOKEN), "alice");

        assertThat(fetched).isInstanceOfSatisfying(Fetched.Got.class, got -> assertThat(got.value()).isEqualTo(List.of(
                new TraktRating(TraktRating.Kind.SHOW, "1", "tt0903747", "1396", "Breaking Bad", 2008, 10,
                        Instant.parse("2014-09-01T09:10:11Z")))));
        assertThat(fixture.server.lastRequest().path()).isEqualTo("/sync/ratings/shows");
    }

    @Test
    void ratings_that_are_not_a_list_are_unreadable() {
        fixture.server.answer(Response.json(200, "{\"ratings\":[]}"));

        assertThat(client.ratings(caller, settings(), TraktRating.Kind.MOVIE, Secret.of(ACCESS_TOKEN), "alice"))
                .isInstanceOf(Fetched.Unreadable.class);
    }

    @Test
    void an_expired_token_is_an_unsuccessful_call_with_the_401_the_job_refreshes_on() {
        // Trakt answers 401 with an empty body when the access token has expired or was revoked.
        fixture.server.answer(Response.of(401, null, ""));

        Fetched<List<TraktRating>> fetched = client.ratings(caller, settings(), TraktRating.Kind.MOVIE,
                Secret.of(ACCESS_TOKEN), "alice");

        assertThat(fetched).isInstanceOf(Fetched.Unsuccessful.class);
        assertThat(fetched.result().outcome()).isInstanceOfSatisfying(Outcome.Failure.class, f -> {
            assertThat(f.type()).isEqualTo(ErrorType.AUTHENTICATION);
            assertThat(f.httpStatus()).isEqualTo(401);
        });
    }

    @Test
    void a_refresh_posts_the_refresh_token_and_reads_the_new_pair_and_its_lifetime() {
        fixture.server.answer(Response.json(200, TOKENS));

        Fetched<TraktTokenGrant> fetched = client.refresh(caller, settings(), Secret.of(REFRESH_TOKEN), "alice");

        assertThat(fetched).isInstanceOfSatisfying(Fetched.Got.class, got -> {
            TraktTokenGrant grant = (TraktTokenGrant) got.value();
            assertThat(grant.access().reveal()).isEqualTo(ACCESS_TOKEN);
            assertThat(grant.refresh().reveal()).isEqualTo(REFRESH_TOKEN);
            assertThat(grant.expiresInSeconds()).contains(7200);
            assertThat(grant.expiresAt(Instant.parse("2026-03-14T15:00:00Z")))
                    .isEqualTo(Instant.parse("2026-03-14T17:00:00Z"));
        });
        Recorded sent = fixture.server.lastRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/oauth/token");
        assertThat(sent.body()).contains("\"refresh_token\":\"" + REFRESH_TOKEN + "\"")
                .contains("\"grant_type\":\"refresh_token\"").contains("\"client_id\":\"" + CLIENT_ID + "\"");
    }

    @Test
    void a_token_answer_without_expires_in_is_taken_to_last_a_day() {
        fixture.server.answer(Response.json(200, TOKENS.replace("\"expires_in\":7200,", "")));

        Fetched<TraktTokenGrant> fetched = client.refresh(caller, settings(), Secret.of(REFRESH_TOKEN), "alice");

        assertThat(fetched).isInstanceOfSatisfying(Fetched.Got.class, got -> assertThat(((TraktTokenGrant) got.value())
                .expiresAt(Instant.parse("2026-03-14T15:00:00Z"))).isEqualTo(Instant.parse("2026-03-15T15:00:00Z")));
    }

    @Test
    void a_token_answer_without_a_refresh_token_is_unreadable() {
        fixture.server.answer(Response.json(200, "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"bearer\"}"));

        assertThat(client.refresh(caller, settings(), Secret.of(REFRESH_TOKEN), "alice"))
                .isInstanceOf(Fetched.Unreadable.class);
    }

    @Test
    void the_device_code_answer_is_read_with_what_the_user_enters_where_and_how_often_to_poll() {
        fixture.server.answer(Response.json(200, DEVICE_CODE));

        Fetched<TraktDeviceCode> fetched = client.deviceCode(caller, settings());

        assertThat(fetched).isInstanceOfSatisfying(Fetched.Got.class, got -> {
            TraktDeviceCode code = (TraktDeviceCode) got.value();
            assertThat(code.deviceCode().reveal())
                    .isEqualTo("d9c126a7706328d808914cfd1e40274b6e009f684b1aca271b8b2ee3f71cad07");
            assertThat(code.userCode()).isEqualTo("5055CC52");
            assertThat(code.verificationUrl()).isEqualTo("https://trakt.tv/activate");
            assertThat(code.intervalSeconds()).isEqualTo(5);
            assertThat(code.expiresInSeconds()).isEqualTo(600);
        });
        Recorded sent = fixture.server.lastRequest();
        assertThat(sent.path()).isEqualTo("/oauth/device/code");
        assertThat(sent.body()).contains("\"client_id\":\"" + CLIENT_ID + "\"");
    }

    @Test
    void a_pending_device_token_poll_is_unsuccessful_and_keeps_trakts_400_for_the_flow() {
        // 400 "Pending - waiting for the user to authorize your app" (authentication-devices/get-token).
        fixture.server.answer(Response.of(400, null, ""));

        Fetched<TraktTokenGrant> polled = client.deviceToken(r -> fixture.calls().call(r, CallContext.probe()),
                settings(), Secret.of("d9c126a7"), "alice");

        assertThat(polled).isInstanceOf(Fetched.Unsuccessful.class);
        assertThat(polled.result().reply().map(r -> r.status())).isEqualTo(Optional.of(400));
        assertThat(fixture.server.lastRequest().path()).isEqualTo("/oauth/device/token");
        assertThat(fixture.server.lastRequest().body()).contains("\"code\":\"d9c126a7\"");
    }
}
