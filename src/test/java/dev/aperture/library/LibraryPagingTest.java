package dev.aperture.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /api/library} in pages, on the real server: every item exactly once, in title order. */
class LibraryPagingTest {

    private static final int ITEMS = 1_203;
    private static AppFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new AppFixture(TestDatabases.SQLITE);
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < ITEMS; i++) {
            // Every third title repeats, so pages also have to break ties between equal titles (by id).
            String title = "Movie " + (i % 3 == 0 ? "Same" : String.format("%04d", i));
            body.append(i == 0 ? "" : ",").append("{\"type\":\"movie\",\"title\":\"").append(title)
                    .append("\",\"tmdbId\":\"").append(10_000 + i).append("\"}");
        }
        RestClient.Reply imported = fixture.api.post("/api/library/import", body.append("]").toString());
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("total").asInt()).isEqualTo(ITEMS);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void following_next_cursor_returns_every_item_once_in_title_order_and_the_last_page_has_none() {
        List<String> titles = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 10; page++) {
            JsonNode body = get("/api/library?limit=250" + (cursor == null ? ""
                    : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            sizes.add(body.get("items").size());
            for (JsonNode item : body.get("items")) {
                titles.add(item.get("title").asText());
                assertThat(ids.add(item.get("id").asText())).as("seen twice: " + item).isTrue();
            }
            assertThat(body.has("nextCursor")).isTrue();
            if (body.get("nextCursor").isNull()) {
                break;
            }
            cursor = body.get("nextCursor").asText();
        }
        assertThat(sizes).containsExactly(250, 250, 250, 250, 203);
        assertThat(ids).hasSize(ITEMS);
        assertThat(titles).isSorted();
    }

    @Test
    void without_a_limit_a_page_holds_500_items_and_the_items_keep_their_fields() {
        JsonNode first = get("/api/library");
        assertThat(first.get("items")).hasSize(500);
        assertThat(first.get("nextCursor").asText()).isNotBlank();
        JsonNode item = first.get("items").get(0);
        assertThat(item.get("type").asText()).isEqualTo("movie");
        assertThat(item.get("tmdbId").asText()).matches("1\\d{4}");
        assertThat(item.has("title")).isTrue();
    }

    @Test
    void a_cursor_the_api_did_not_issue_or_a_limit_out_of_range_is_a_400_naming_it() {
        for (String query : List.of("cursor=not-base64!", "cursor=" + "A".repeat(6000), "cursor=bm9zZXBhcmF0b3I")) {
            RestClient.Reply r = fixture.api.get("/api/library?" + query);
            assertThat(r.status()).as(query.substring(0, Math.min(30, query.length()))).isEqualTo(400);
            assertThat(r.json().get("error").asText()).startsWith("cursor:");
        }
        for (String limit : List.of("0", "1001", "many")) {
            RestClient.Reply r = fixture.api.get("/api/library?limit=" + limit);
            assertThat(r.status()).as(limit).isEqualTo(400);
            assertThat(r.json().get("error").asText()).startsWith("limit:");
        }
    }

    private static JsonNode get(String path) {
        RestClient.Reply r = fixture.api.get(path);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }
}
