package dev.aperture.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.TestDatabases;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Saving settings: secrets masked on the way out, encrypted at rest, kept or cleared as asked. */
class IntegrationSettingsApiTest {

    private static final String KEY = "tmdb-key-0123456789-WXYZ";
    private AppFixture fixture;

    @BeforeEach
    void start() {
        fixture = new AppFixture(TestDatabases.SQLITE);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void all_seven_services_are_listed_not_configured_at_first() {
        JsonNode list = fixture.api.get("/api/integrations").json();
        assertThat(list).extracting(n -> n.get("service").asText())
                .containsExactlyInAnyOrder("mediaserver", "tmdb", "omdb", "trakt", "mdblist", "jellyseerr", "openai");
        list.forEach(n -> {
            assertThat(n.get("status").asText()).isEqualTo("not_configured");
            assertThat(n.get("configured").asBoolean()).isFalse();
            assertThat(n.get("settings").has("baseUrl")).isTrue();
        });
    }

    @Test
    void a_saved_key_is_masked_in_every_answer_and_encrypted_in_the_database() {
        JsonNode saved = fixture.api.put("/api/integrations/tmdb", "{\"apiKey\":\"" + KEY + "\"}").json();
        assertThat(saved.at("/settings/apiKey").asText()).isEqualTo("••••WXYZ");
        assertThat(saved.get("configured").asBoolean()).isTrue();
        assertThat(saved.get("enabled").asBoolean()).isTrue();
        assertThat(saved.get("status").asText()).isEqualTo("connected");
        assertThat(fixture.api.get("/api/integrations").body()).doesNotContain(KEY);
        List<Map<String, Object>> rows = fixture.app.database.jdbi().withHandle(h ->
                h.createQuery("SELECT * FROM integrations").mapToMap().list());
        assertThat(rows.toString()).doesNotContain(KEY).contains("v1:");
    }

    @Test
    void settings_another_instance_wrote_to_the_database_are_served_on_the_next_read() {
        fixture.api.put("/api/integrations/tmdb", "{\"apiKey\":\"" + KEY + "\",\"baseUrl\":\"http://127.0.0.1:9/first/3\"}");
        assertThat(fixture.api.get("/api/integrations").json().findValues("settings"))
                .anySatisfy(s -> assertThat(s.path("baseUrl").asText()).isEqualTo("http://127.0.0.1:9/first/3"));

        // What an instance sharing the database leaves behind after a save there: the row, not this one's memory.
        fixture.app.database.jdbi().useHandle(h -> h.execute("UPDATE integrations SET enabled = 0, settings_json = "
                + "'{\"baseUrl\":\"http://127.0.0.1:9/second/3\"}' WHERE service = 'tmdb'"));

        JsonNode listed = fixture.api.get("/api/integrations").json();
        JsonNode tmdb = java.util.stream.StreamSupport.stream(listed.spliterator(), false)
                .filter(n -> n.get("service").asText().equals("tmdb")).findFirst().orElseThrow();
        assertThat(tmdb.at("/settings/baseUrl").asText()).isEqualTo("http://127.0.0.1:9/second/3");
        assertThat(tmdb.get("enabled").asBoolean()).isFalse();
        assertThat(tmdb.at("/settings/apiKey").asText()).isEqualTo("••••WXYZ");
        JsonNode one = fixture.api.get("/api/integrations/tmdb").json();
        assertThat(one.at("/settings/baseUrl").asText()).isEqualTo("http://127.0.0.1:9/second/3");
        assertThat(one.get("enabled").asBoolean()).isFalse();
    }

    @Test
    void an_omitted_secret_is_kept_and_an_empty_one_clears_and_disables() {
        fixture.api.put("/api/integrations/trakt", "{\"clientId\":\"cid-123\",\"clientSecret\":\"csecret-abcdefgh-1234\"}");
        JsonNode kept = fixture.api.put("/api/integrations/trakt", "{\"clientId\":\"cid-456\"}").json();
        assertThat(kept.at("/settings/clientSecret").asText()).isEqualTo("••••1234");
        assertThat(kept.at("/settings/clientId").asText()).isEqualTo("cid-456");
        assertThat(kept.get("configured").asBoolean()).isTrue();
        assertThat(fixture.app.integrationStore.load(dev.aperture.calls.ServiceId.TRAKT)
                .secret(Field.CLIENT_SECRET).reveal()).isEqualTo("csecret-abcdefgh-1234");

        JsonNode cleared = fixture.api.put("/api/integrations/trakt", "{\"clientSecret\":\"\"}").json();
        assertThat(cleared.at("/settings/clientSecret").asText()).isEmpty();
        assertThat(cleared.get("configured").asBoolean()).isFalse();
        assertThat(cleared.get("enabled").asBoolean()).isFalse();
        assertThat(cleared.get("status").asText()).isEqualTo("not_configured");
    }

    @Test
    void every_service_base_url_is_settable() {
        for (String service : List.of("mediaserver", "tmdb", "omdb", "trakt", "mdblist", "jellyseerr", "openai")) {
            JsonNode saved = fixture.api.put("/api/integrations/" + service,
                    "{\"baseUrl\":\"http://127.0.0.1:9/" + service + "\"}").json();
            assertThat(saved.at("/settings/baseUrl").asText()).isEqualTo("http://127.0.0.1:9/" + service);
        }
    }

    @Test
    void testing_an_unconfigured_service_says_what_is_missing() {
        JsonNode result = fixture.api.post("/api/integrations/omdb/test", "").json();
        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.at("/error/type").asText()).isEqualTo("configuration");
        assertThat(result.at("/error/message").asText()).contains("apiKey");
        assertThat(fixture.api.get("/api/alerts").json().get("alerts")).isEmpty();
    }
}
