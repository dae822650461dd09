package dev.aperture.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.testing.AppFixture;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** POST /api/library/import checks each entry's fields and answers 400 naming the first bad one. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one app for all cases: each case checks its own effect
class LibraryImportValidationTest {

    private final AppFixture fixture = new AppFixture(TestDatabases.SQLITE);
    private final RestClient api = fixture.api;

    @AfterAll
    void close() {
        fixture.close();
    }

    @Test
    void a_valid_import_stores_the_items_with_their_year_and_ids() {
        int before = api.get("/api/library").json().get("items").size();
        RestClient.Reply reply = api.post("/api/library/import", "[{\"type\":\"movie\",\"title\":\" The Matrix \","
                + "\"year\":1999,\"imdbId\":\"tt0133093\",\"tmdbId\":603},{\"type\":\"series\",\"title\":\"Severance\","
                + "\"year\":null,\"tmdbId\":\"95396\"}]");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("added").asInt()).isEqualTo(2);
        var items = api.get("/api/library").json().get("items");
        assertThat(items).hasSize(before + 2);
        assertThat(items.toString()).contains("\"title\":\"The Matrix\"").contains("\"year\":1999")
                .contains("\"imdbId\":\"tt0133093\"").contains("\"tmdbId\":\"603\"").contains("\"tmdbId\":\"95396\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"type\":\"movie\",\"title\":\"X\"}|body",
        "[{\"type\":\"film\",\"title\":\"X\"}]|[0].type",
        "[{\"type\":\"movie\",\"title\":\"  \"}]|[0].title",
        "[{\"type\":\"movie\",\"title\":7}]|[0].title",
        "[{\"type\":\"movie\",\"title\":\"X\",\"year\":\"1999\"}]|[0].year",
        "[{\"type\":\"movie\",\"title\":\"X\",\"year\":1500}]|[0].year",
        "[{\"type\":\"movie\",\"title\":\"X\",\"imdbId\":\"0133093\"}]|[0].imdbId",
        "[{\"type\":\"movie\",\"title\":\"X\",\"tmdbId\":true}]|[0].tmdbId",
        "[{\"type\":\"movie\",\"title\":\"X\"},7]|[1]",
        "[{\"type\":\"movie\"|body",
    })
    void a_bad_entry_is_a_400_naming_the_field(String body, String field) {
        int before = api.get("/api/library").json().get("items").size();
        RestClient.Reply reply = api.post("/api/library/import", body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains(field);
        assertThat(api.get("/api/library").json().get("items")).hasSize(before);
    }
}
