package dev.aperture.integrations.omdb;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OmdbClientTest {

    private static final String KEY = "f00dcafe";
    /**
     * OMDb's documented example answer, {@code ?i=tt3896198} (https://www.omdbapi.com/, "Examples"): every value is
     * text, scores are in Ratings by Source, and missing values are "N/A".
     */
    private static final String GUARDIANS = "{\"Title\":\"Guardians of the Galaxy Vol. 2\",\"Year\":\"2017\","
            + "\"Rated\":\"PG-13\",\"Released\":\"05 May 2017\",\"Runtime\":\"136 min\",\"Genre\":\"Action, Adventure, Comedy\","
            + "\"Director\":\"James Gunn\",\"Writer\":\"James Gunn, Dan Abnett, Andy Lanning\","
            + "\"Actors\":\"Chris Pratt, Zoe Saldana, Dave Bautista\",\"Plot\":\"The Guardians struggle to keep together as a "
            + "team while dealing with their personal family issues.\",\"Language\":\"English\",\"Country\":\"United States\","
            + "\"Awards\":\"Nominated for 1 Oscar. 15 wins & 60 nominations total\",\"Poster\":\"N/A\","
            + "\"Ratings\":[{\"Source\":\"Internet Movie Database\",\"Value\":\"7.6/10\"},"
            + "{\"Source\":\"Rotten Tomatoes\",\"Value\":\"85%\"},{\"Source\":\"Metacritic\",\"Value\":\"67/100\"}],"
            + "\"Metascore\":\"67\",\"imdbRating\":\"7.6\",\"imdbVotes\":\"772,987\",\"imdbID\":\"tt3896198\","
            + "\"Type\":\"movie\",\"DVD\":\"N/A\",\"BoxOffice\":\"$389,813,101\",\"Production\":\"N/A\",\"Website\":\"N/A\","
            + "\"Response\":\"True\"}";
    /** A title OMDb holds no scores for: the same documented shape, "N/A" where there is no value, no Ratings. */
    private static final String NO_SCORES = "{\"Title\":\"Unscored\",\"Year\":\"2024\",\"Awards\":\"N/A\","
            + "\"Ratings\":[],\"Metascore\":\"N/A\",\"imdbRating\":\"N/A\",\"imdbID\":\"tt0000001\",\"Type\":\"movie\","
            + "\"Response\":\"True\"}";

    private final OmdbIntegration omdb = new OmdbIntegration();
    private final PipelineFixture fixture = new PipelineFixture(omdb);
    private final OmdbClient client = new OmdbClient(omdb, PayloadReader.boundedMapper());
    private final Caller caller = r -> fixture.calls().call(r, CallContext.job("run-1"));

    @AfterEach
    void close() {
        fixture.close();
    }

    private Settings settings() {
        return Settings.empty().with(Field.BASE_URL, fixture.server.baseUrl() + "/").withSecret(Field.API_KEY, Secret.of(KEY));
    }

    @Test
    void a_lookup_by_imdb_id_sends_the_id_and_key_and_reads_the_scores_and_awards() {
        fixture.server.answer(Response.json(200, GUARDIANS));

        Fetched<OmdbTitle> fetched = client.lookup(caller, settings(), "tt3896198");

        assertThat(fetched).isEqualTo(new Fetched.Got<>(new OmdbTitle("85%", "67", "7.6",
                "Nominated for 1 Oscar. 15 wins & 60 nominations total"), fetched.result()));
        Recorded sent = fixture.server.lastRequest();
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.path()).isEqualTo("/");
        assertThat(sent.query()).contains("apikey=" + KEY).contains("i=tt3896198");
        assertThat(sent.header("Accept")).isEqualTo("application/json");
    }

    @Test
    void a_search_without_an_id_sends_title_type_and_year() {
        fixture.server.answer(Response.json(200, GUARDIANS));

        client.search(caller, settings(), "Guardians of the Galaxy Vol. 2", false, 2017);

        assertThat(fixture.server.lastRequest().query()).contains("t=Guardians").contains("type=movie")
                .contains("y=2017").contains("apikey=" + KEY).doesNotContain("i=");
    }

    @Test
    void a_series_search_without_a_year_asks_for_a_series_and_leaves_the_year_empty() {
        fixture.server.answer(Response.json(200, GUARDIANS));

        client.search(caller, settings(), "Severance", true, null);

        assertThat(fixture.server.lastRequest().query()).contains("type=series").contains("y=").doesNotContain("y=2");
    }

    @Test
    void values_omdb_writes_as_na_are_read_as_absent() {
        fixture.server.answer(Response.json(200, NO_SCORES));

        Fetched<OmdbTitle> fetched = client.lookup(caller, settings(), "tt0000001");

        assertThat(fetched).isInstanceOfSatisfying(Fetched.Got.class,
                got -> assertThat(got.value()).isEqualTo(new OmdbTitle(null, null, null, null)));
    }

    @Test
    void movie_not_found_is_an_unsuccessful_call_carrying_the_not_found_outcome() {
        // OMDb's miss: HTTP 200 {"Response":"False","Error":"Movie not found!"} (https://www.omdbapi.com/).
        fixture.server.answer(Response.json(200, "{\"Response\":\"False\",\"Error\":\"Movie not found!\"}"));

        Fetched<OmdbTitle> fetched = client.lookup(caller, settings(), "tt9999999");

        assertThat(fetched).isInstanceOf(Fetched.Unsuccessful.class);
        assertThat(fetched.result().outcome()).isInstanceOf(Outcome.NotFound.class);
    }
}
