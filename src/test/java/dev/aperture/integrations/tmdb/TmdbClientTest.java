package dev.aperture.integrations.tmdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.calls.CallContext;
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
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TmdbClientTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef";
    /** GET /3/find/tt0137523?external_source=imdb_id (https://developer.themoviedb.org/reference/find-by-id). */
    private static final String FIND_FIGHT_CLUB = "{\"movie_results\":[{\"adult\":false,"
            + "\"backdrop_path\":\"/hZkgoQYus5vegHoetLkCJzb17zJ.jpg\",\"id\":550,\"title\":\"Fight Club\","
            + "\"original_language\":\"en\",\"original_title\":\"Fight Club\",\"overview\":\"A ticking-time-bomb "
            + "insomniac and a slippery soap salesman channel primal male aggression into a shocking new form of "
            + "therapy.\",\"poster_path\":\"/pB8BM7pdSp6B6Ih7QZ4DrQ3PmJK.jpg\",\"media_type\":\"movie\","
            + "\"genre_ids\":[18],\"popularity\":73.433,\"release_date\":\"1999-10-15\",\"video\":false,"
            + "\"vote_average\":8.433,\"vote_count\":26280}],\"person_results\":[],\"tv_results\":[],"
            + "\"tv_episode_results\":[],\"tv_season_results\":[]}";
    /** /find for an id TMDb does not know: every list empty (same page). */
    private static final String FIND_NOTHING = "{\"movie_results\":[],\"person_results\":[],\"tv_results\":[],"
            + "\"tv_episode_results\":[],\"tv_season_results\":[]}";
    /** GET /3/search/tv (https://developer.themoviedb.org/reference/search-tv), cut to its first result. */
    private static final String SEARCH_BREAKING_BAD = "{\"page\":1,\"results\":[{\"adult\":false,"
            + "\"backdrop_path\":\"/9faGSFi5jam6pDWGNd0p8JcJgXQ.jpg\",\"genre_ids\":[18,80],\"id\":1396,"
            + "\"origin_country\":[\"US\"],\"original_language\":\"en\",\"original_name\":\"Breaking Bad\","
            + "\"overview\":\"Walter White, a New Mexico chemistry teacher, is diagnosed with Stage III cancer.\","
            + "\"popularity\":288.376,\"poster_path\":\"/ggFHVNu6YYI5L9pCfOacjizRGt.jpg\","
            + "\"first_air_date\":\"2008-01-20\",\"name\":\"Breaking Bad\",\"vote_average\":8.9,"
            + "\"vote_count\":12000}],\"total_pages\":1,\"total_results\":1}";
    /**
     * GET /3/movie/550?append_to_response=keywords (https://developer.themoviedb.org/reference/movie-details, with
     * the keywords of https://developer.themoviedb.org/reference/movie-keywords appended), cut to the fields read.
     */
    private static final String FIGHT_CLUB = "{\"adult\":false,\"budget\":63000000,\"genres\":[{\"id\":18,"
            + "\"name\":\"Drama\"}],\"id\":550,\"imdb_id\":\"tt0137523\",\"original_title\":\"Fight Club\","
            + "\"overview\":\"A ticking-time-bomb insomniac and a slippery soap salesman channel primal male aggression "
            + "into a shocking new form of therapy.\",\"release_date\":\"1999-10-15\",\"title\":\"Fight Club\","
            + "\"vote_average\":8.433,\"vote_count\":26280,\"keywords\":{\"keywords\":[{\"id\":825,"
            + "\"name\":\"support group\"},{\"id\":851,\"name\":\"dual identity\"}]}}";
    /** GET /3/tv/1396?append_to_response=keywords: a series nests its keywords under "results" (tv-series-keywords). */
    private static final String BREAKING_BAD = "{\"genres\":[{\"id\":18,\"name\":\"Drama\"},{\"id\":80,"
            + "\"name\":\"Crime\"}],\"id\":1396,\"name\":\"Breaking Bad\",\"overview\":\"Walter White, a New Mexico "
            + "chemistry teacher, is diagnosed with Stage III cancer.\",\"vote_average\":8.9,"
            + "\"keywords\":{\"results\":[{\"name\":\"drug dealer\",\"id\":15483},{\"name\":\"chemistry\","
            + "\"id\":5667}]}}";

    private final TmdbIntegration tmdb = new TmdbIntegration();
    private final PipelineFixture fixture = new PipelineFixture(tmdb);
    private final TmdbClient client = new TmdbClient(tmdb, PayloadReader.boundedMapper());
    private final Caller caller = r -> fixture.calls().call(r, CallContext.job("run-1"));

    @AfterEach
    void close() {
        fixture.close();
    }

    private Settings settings() {
        return Settings.empty().with(Field.BASE_URL, fixture.server.baseUrl() + "/3")
                .withSecret(Field.API_KEY, Secret.of(KEY));
    }

    @Test
    void find_asks_for_the_imdb_id_as_an_external_source_and_reads_the_first_movie_result() {
        fixture.server.answer(Response.json(200, FIND_FIGHT_CLUB));

        Fetched<Optional<String>> found = client.find(caller, settings(), "tt0137523", false);

        assertThat(found).isEqualTo(new Fetched.Got<>(Optional.of("550"), found.result()));
        Recorded sent = fixture.server.lastRequest();
        assertThat(sent.path()).isEqualTo("/3/find/tt0137523");
        assertThat(sent.query()).contains("external_source=imdb_id").contains("api_key=" + KEY);
    }

    @Test
    void find_with_every_list_empty_is_read_as_no_match() {
        fixture.server.answer(Response.json(200, FIND_NOTHING));

        Fetched<Optional<String>> found = client.find(caller, settings(), "tt0000001", false);

        assertThat(found).isEqualTo(new Fetched.Got<>(Optional.empty(), found.result()));
    }

    @Test
    void a_series_search_uses_the_tv_path_and_the_first_air_date_year() {
        fixture.server.answer(Response.json(200, SEARCH_BREAKING_BAD));

        Fetched<Optional<String>> found = client.search(caller, settings(), "Breaking Bad", 2008, true);

        assertThat(found).isEqualTo(new Fetched.Got<>(Optional.of("1396"), found.result()));
        Recorded sent = fixture.server.lastRequest();
        assertThat(sent.path()).isEqualTo("/3/search/tv");
        assertThat(sent.query()).contains("query=Breaking").contains("first_air_date_year=2008");
    }

    @Test
    void movie_details_read_overview_genres_keywords_and_vote_average() {
        fixture.server.answer(Response.json(200, FIGHT_CLUB));

        Fetched<TmdbDetails> details = client.details(caller, settings(), "550", false);

        assertThat(details).isEqualTo(new Fetched.Got<>(new TmdbDetails("A ticking-time-bomb insomniac and a slippery "
                + "soap salesman channel primal male aggression into a shocking new form of therapy.", List.of("Drama"),
                List.of("support group", "dual identity"), "8.433"), details.result()));
        Recorded sent = fixture.server.lastRequest();
        assertThat(sent.path()).isEqualTo("/3/movie/550");
        assertThat(sent.query()).contains("append_to_response=keywords");
    }

    @Test
    void series_details_read_the_keywords_tmdb_nests_under_results() {
        fixture.server.answer(Response.json(200, BREAKING_BAD));

        Fetched<TmdbDetails> details = client.details(caller, settings(), "1396", true);

        assertThat(details).isInstanceOfSatisfying(Fetched.Got.class, got -> assertThat(got.value()).isEqualTo(
                new TmdbDetails("Walter White, a New Mexico chemistry teacher, is diagnosed with Stage III cancer.",
                        List.of("Drama", "Crime"), List.of("drug dealer", "chemistry"), "8.9")));
        assertThat(fixture.server.lastRequest().path()).isEqualTo("/3/tv/1396");
    }

    @Test
    void details_that_are_not_an_object_are_unreadable_not_empty_details() {
        fixture.server.answer(Response.json(200, "[]"));

        assertThat(client.details(caller, settings(), "550", false)).isInstanceOf(Fetched.Unreadable.class);
    }

    @Test
    void status_34_is_an_unsuccessful_call_carrying_the_not_found_outcome() {
        // HTTP 404, status_code 34 "The resource you requested could not be found." (https://developer.themoviedb.org/docs/errors).
        fixture.server.answer(Response.json(404, "{\"success\":false,\"status_code\":34,"
                + "\"status_message\":\"The resource you requested could not be found.\"}"));

        Fetched<TmdbDetails> details = client.details(caller, settings(), "99999999", false);

        assertThat(details).isInstanceOf(Fetched.Unsuccessful.class);
        assertThat(details.result().outcome()).isInstanceOf(Outcome.NotFound.class);
    }
}
