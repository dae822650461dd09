package dev.aperture.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.testing.AppFixture;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PUT /api/jellyseerr/user-mappings takes a positive whole Jellyseerr user id and an existing Aperture user name. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one app for all cases: each case checks its own effect
class UserMappingValidationTest {

    private final AppFixture fixture = new AppFixture(TestDatabases.SQLITE);
    private final RestClient api = fixture.api;

    @AfterAll
    void close() {
        fixture.close();
    }

    @Test
    void a_mapping_to_an_aperture_user_is_saved_and_listed() {
        RestClient.Reply reply = api.put("/api/jellyseerr/user-mappings", "{\"jellyseerrUserId\":7,\"username\":\" admin \"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("jellyseerrUserId").asInt()).isEqualTo(7);
        assertThat(reply.json().get("username").asText()).isEqualTo("admin");
        assertThat(api.get("/api/jellyseerr/user-mappings").json().get("mappings").toString())
                .contains("\"jellyseerrUserId\":7").contains("\"username\":\"admin\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"jellyseerrUserId\":\"7\",\"username\":\"admin\"}|jellyseerrUserId",
        "{\"jellyseerrUserId\":7.5,\"username\":\"admin\"}|jellyseerrUserId",
        "{\"jellyseerrUserId\":0,\"username\":\"admin\"}|jellyseerrUserId",
        "{\"jellyseerrUserId\":99999999999,\"username\":\"admin\"}|jellyseerrUserId",
        "{\"jellyseerrUserId\":7}|username",
        "{\"jellyseerrUserId\":7,\"username\":[\"admin\"]}|username",
        "{\"jellyseerrUserId\":7,\"username\":\"nobody\"}|username",
        "[7]|body",
        "{\"jellyseerrUserId\":|body",
    })
    void a_bad_mapping_is_a_400_naming_the_field(String body, String field) {
        int before = api.get("/api/jellyseerr/user-mappings").json().get("mappings").size();
        RestClient.Reply reply = api.put("/api/jellyseerr/user-mappings", body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains(field);
        assertThat(api.get("/api/jellyseerr/user-mappings").json().get("mappings")).hasSize(before);
    }
}
