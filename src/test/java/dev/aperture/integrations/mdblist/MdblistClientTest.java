package dev.aperture.integrations.mdblist;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MdblistClientTest {

    private static final String KEY = "abcdefghijklmnopqrstuvwx1";
    /**
     * GET /lists/{listid}/items (https://mdblist.docs.apiary.io/, "List Items"): movies and shows in separate
     * arrays, each entry {id (TMDb id), rank, adult, title, imdb_id, tvdb_id, language, mediatype, release_year}.
     */
    private static final String ITEMS = "{\"movies\":[{\"id\":603,\"rank\":1,\"adult\":0,\"title\":\"The Matrix\","
            + "\"imdb_id\":\"tt0133093\",\"tvdb_id\":null,\"language\":\"en\",\"mediatype\":\"movie\","
            + "\"release_year\":1999,\"spoken_language\":\"en\"}],\"shows\":[{\"id\":1396,\"rank\":2,\"adult\":0,"
            + "\"title\":\"Breaking Bad\",\"imdb_id\":\"tt0903747\",\"tvdb_id\":81189,\"language\":\"en\","
            + "\"mediatype\":\"show\",\"release_year\":2008,\"spoken_language\":\"en\"}]}";

    private final MdblistIntegration mdblist = new MdblistIntegration();
    private final PipelineFixture fixture = new PipelineFixture(mdblist);
    private final MdblistClient client = new MdblistClient(mdblist, PayloadReader.boundedMapper());
    private final Caller caller = r -> fixture.calls().call(r, CallContext.job("run-1"));

    @AfterEach
    void close() {
        fixture.close();
    }

    private Settings settings() {
        return Settings.empty().with(Field.BASE_URL, fixture.server.baseUrl()).withSecret(Field.API_KEY, Secret.of(KEY));
    }

    @Test
    void a_lists_items_are_read_from_its_movies_and_shows_with_the_key_in_the_apikey_parameter() {
        fixture.server.answer(Response.json(200, ITEMS));

        Fetched<List<MdblistItem>> fetched = client.listItems(caller, settings(), "12345");

        assertThat(fetched).isEqualTo(new Fetched.Got<>(List.of(
                new MdblistItem(1, "The Matrix", "tt0133093", "603", "movie"),
                new MdblistItem(2, "Breaking Bad", "tt0903747", "1396", "show")), fetched.result()));
        Recorded sent = fixture.server.lastRequest();
        assertThat(sent.path()).isEqualTo("/lists/12345/items");
        assertThat(sent.query()).contains("apikey=" + KEY);
    }

    @Test
    void a_list_not_populated_yet_is_an_empty_list() {
        // MDBList answers {"error":"empty"} for a list whose items it has not computed yet.
        fixture.server.answer(Response.json(200, "{\"error\":\"empty\"}"));

        assertThat(client.listItems(caller, settings(), "12345")).isInstanceOfSatisfying(Fetched.Got.class,
                got -> assertThat(got.value()).isEqualTo(List.of()));
    }

    @Test
    void an_object_without_items_is_unreadable() {
        fixture.server.answer(Response.json(200, "{\"name\":\"Top Watched\"}"));

        assertThat(client.listItems(caller, settings(), "12345")).isInstanceOf(Fetched.Unreadable.class);
    }

    @Test
    void a_failure_of_one_list_carries_the_list_as_its_subject() {
        fixture.server.answer(Response.json(404, "{\"detail\":\"List not found\"}"));

        Fetched<List<MdblistItem>> fetched = client.listItems(caller, settings(), "777");

        assertThat(fetched).isInstanceOf(Fetched.Unsuccessful.class);
        assertThat(fetched.result().outcome()).isInstanceOfSatisfying(Outcome.Failure.class,
                f -> assertThat(f.subject()).isEqualTo("777"));
    }
}
