package dev.aperture.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A saved key goes only to the host it was saved for: pointing a service or a channel at another
 * scheme, host or port, in a save or a test of unsaved settings, needs the key typed again, and until
 * then the other host hears nothing.
 */
class KeysStayWithTheirHostTest {

    private static final String KEY = "omdbkey1";
    private static final String CHANNELS = "/api/notifications/channels";
    // OMDb's documented answer to a valid request by IMDb id (https://www.omdbapi.com/, "By ID or Title").
    private static final String OMDB_OK = "{\"Title\":\"The Matrix\",\"Year\":\"1999\",\"imdbID\":\"tt0133093\","
            + "\"Response\":\"True\"}";

    private final FakeServer saved = new FakeServer().answer(Response.json(200, OMDB_OK));
    private final FakeServer other = new FakeServer().answer(Response.json(200, OMDB_OK));
    private final AppFixture app = new AppFixture(TestDatabases.SQLITE);

    @AfterEach
    void close() {
        app.close();
        saved.close();
        other.close();
    }

    private RestClient api() {
        return app.api;
    }

    private void saveOmdb() {
        assertThat(api().put("/api/integrations/omdb", "{\"apiKey\":\"" + KEY + "\",\"baseUrl\":\"" + saved.baseUrl()
                + "\"}").status()).isEqualTo(200);
    }

    @Test
    void a_test_of_unsaved_settings_with_only_another_host_is_refused_naming_the_key_and_sends_nothing() {
        saveOmdb();
        for (String elsewhere : new String[] {other.baseUrl(), "http://localhost:" + saved.port(),
                "https://127.0.0.1:" + saved.port()}) {
            RestClient.Reply reply = api().post("/api/integrations/omdb/test", "{\"baseUrl\":\"" + elsewhere + "\"}");
            assertThat(reply.status()).as(elsewhere).isEqualTo(400);
            assertThat(reply.json().get("error").asText()).startsWith("apiKey: must be given again");
        }
        assertThat(other.requests()).isEmpty();
        assertThat(saved.requests()).isEmpty();
    }

    @Test
    void a_save_of_another_host_without_the_key_is_refused_and_the_saved_host_stays() {
        saveOmdb();
        RestClient.Reply reply = api().put("/api/integrations/omdb", "{\"baseUrl\":\"" + other.baseUrl() + "\"}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).startsWith("apiKey: must be given again");
        assertThat(api().get("/api/integrations/omdb").json().at("/settings/baseUrl").asText())
                .isEqualTo(saved.baseUrl());

        // The saved settings, tested, still go to the saved host only.
        assertThat(api().post("/api/integrations/omdb/test", "").json().get("ok").asBoolean()).isTrue();
        assertThat(other.requests()).isEmpty();
        assertThat(saved.lastRequest().uri().getRawQuery()).contains("apikey=" + KEY);
    }

    @Test
    void another_host_with_the_key_typed_again_is_tested_and_saved_with_that_key() {
        saveOmdb();
        assertThat(api().post("/api/integrations/omdb/test", "{\"baseUrl\":\"" + other.baseUrl()
                + "\",\"apiKey\":\"newkey22\"}").json().get("ok").asBoolean()).isTrue();
        assertThat(other.lastRequest().uri().getRawQuery()).contains("apikey=newkey22").doesNotContain(KEY);

        assertThat(api().put("/api/integrations/omdb", "{\"baseUrl\":\"" + other.baseUrl()
                + "\",\"apiKey\":\"newkey22\"}").status()).isEqualTo(200);
        assertThat(other.requests()).noneMatch(r -> r.uri().toString().contains(KEY));
    }

    @Test
    void the_masked_key_sent_back_is_not_a_new_key_for_another_host_and_keeps_the_stored_one_on_the_same() {
        saveOmdb();
        String masked = api().get("/api/integrations/omdb").json().at("/settings/apiKey").asText();
        assertThat(masked).startsWith("\u2022").doesNotContain(KEY);

        RestClient.Reply moved = api().put("/api/integrations/omdb", "{\"apiKey\":\"" + masked + "\",\"baseUrl\":\""
                + other.baseUrl() + "\"}");
        assertThat(moved.status()).isEqualTo(400);
        assertThat(moved.json().get("error").asText()).startsWith("apiKey: must be given again");

        assertThat(api().put("/api/integrations/omdb", "{\"apiKey\":\"" + masked + "\",\"baseUrl\":\""
                + saved.baseUrl() + "\"}").status()).isEqualTo(200);
        assertThat(api().post("/api/integrations/omdb/test", "").json().get("ok").asBoolean()).isTrue();
        assertThat(saved.lastRequest().uri().getRawQuery()).contains("apikey=" + KEY);
        assertThat(other.requests()).isEmpty();
    }

    @Test
    void the_same_host_with_a_new_path_needs_no_key() {
        saveOmdb();
        assertThat(api().post("/api/integrations/omdb/test", "{\"baseUrl\":\"" + saved.baseUrl() + "/v2/\"}")
                .json().get("ok").asBoolean()).isTrue();
        assertThat(saved.lastRequest().path()).startsWith("/v2/");
        assertThat(saved.lastRequest().uri().getRawQuery()).contains("apikey=" + KEY);
        assertThat(api().put("/api/integrations/omdb", "{\"baseUrl\":\"" + saved.baseUrl() + "/v2\"}").status())
                .isEqualTo(200);
        assertThat(api().get("/api/integrations/omdb").json().at("/settings/baseUrl").asText())
                .isEqualTo(saved.baseUrl() + "/v2");
    }

    @Test
    void a_base_url_with_user_info_is_refused_without_echoing_it() {
        RestClient.Reply reply = api().put("/api/integrations/jellyseerr", "{\"apiKey\":\"jellyseerr-key-0001\","
                + "\"baseUrl\":\"http://admin:hunter2-pass@127.0.0.1:" + saved.port() + "\"}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).startsWith("baseUrl: must not carry a user name or password");
        assertThat(reply.body()).doesNotContain("hunter2-pass");
        RestClient.Reply test = api().post("/api/integrations/jellyseerr/test", "{\"apiKey\":\"jellyseerr-key-0001\","
                + "\"baseUrl\":\"http://admin:hunter2-pass@127.0.0.1:" + saved.port() + "\"}");
        assertThat(test.status()).isEqualTo(400);
        assertThat(saved.requests()).isEmpty();
    }

    @Test
    void trakt_moved_to_another_host_forgets_the_user_tokens_the_old_host_issued() {
        assertThat(api().put("/api/integrations/trakt", "{\"clientId\":\"cid\",\"clientSecret\":\"trakt-secret-01\","
                + "\"baseUrl\":\"" + saved.baseUrl() + "\"}").status()).isEqualTo(200);
        app.app.database.jdbi().useHandle(h -> h.execute("INSERT INTO trakt_users (username, access_token, "
                + "refresh_token, expires_at, authorized_at) VALUES ('sam', 'sealed-a', 'sealed-r', 0, 0)"));
        assertThat(api().get("/api/trakt/users").json().get("users")).hasSize(1);

        assertThat(api().put("/api/integrations/trakt", "{\"baseUrl\":\"" + other.baseUrl() + "\"}").status())
                .isEqualTo(400);
        assertThat(api().put("/api/integrations/trakt", "{\"baseUrl\":\"" + saved.baseUrl() + "/x\"}").status())
                .isEqualTo(200);
        assertThat(api().get("/api/trakt/users").json().get("users")).as("same host: tokens kept").hasSize(1);

        assertThat(api().put("/api/integrations/trakt", "{\"baseUrl\":\"" + other.baseUrl()
                + "\",\"clientSecret\":\"trakt-secret-02\"}").status()).isEqualTo(200);
        assertThat(api().get("/api/trakt/users").json().get("users")).isEmpty();
    }

    @Test
    void a_channel_pointed_at_another_host_needs_its_token_and_headers_again() {
        String ntfy = create("{\"type\":\"ntfy\",\"name\":\"n\",\"settings\":{\"url\":\"" + saved.baseUrl()
                + "/alerts\",\"token\":\"tk_ntfy-token-000111\"}}");
        RestClient.Reply moved = api().put(CHANNELS + "/" + ntfy, "{\"settings\":{\"url\":\"" + other.baseUrl()
                + "/alerts\"}}");
        assertThat(moved.status()).isEqualTo(400);
        assertThat(moved.json().get("error").asText()).startsWith("settings.token: must be given again");
        // The masked token sent back, as the form shows it, is not the token typed again.
        assertThat(api().put(CHANNELS + "/" + ntfy, "{\"settings\":{\"url\":\"" + other.baseUrl()
                + "/alerts\",\"token\":\"••••0111\"}}").status()).isEqualTo(400);
        assertThat(api().post(CHANNELS + "/" + ntfy + "/test", "").json().get("ok").asBoolean()).isTrue();
        assertThat(saved.lastRequest().header("authorization")).isEqualTo("Bearer tk_ntfy-token-000111");
        // Same host, another topic: allowed.
        assertThat(api().put(CHANNELS + "/" + ntfy, "{\"settings\":{\"url\":\"" + saved.baseUrl() + "/other\"}}")
                .status()).isEqualTo(200);

        String hook = create("{\"type\":\"webhook\",\"name\":\"w\",\"settings\":{\"url\":\"" + saved.baseUrl()
                + "/hook\"},\"headers\":{\"Authorization\":\"Bearer hook-secret-4242\"}}");
        RestClient.Reply hookMoved = api().put(CHANNELS + "/" + hook, "{\"settings\":{\"url\":\"" + other.baseUrl()
                + "/hook\"}}");
        assertThat(hookMoved.status()).isEqualTo(400);
        assertThat(hookMoved.json().get("error").asText()).startsWith("headers.Authorization: must be given again");

        String mail = create("{\"type\":\"email\",\"name\":\"m\",\"settings\":{\"host\":\"127.0.0.1\",\"port\":\""
                + saved.port() + "\",\"username\":\"u\",\"password\":\"smtp-password-77\",\"from\":\"a@example.com\","
                + "\"to\":\"b@example.com\"}}");
        RestClient.Reply mailMoved = api().put(CHANNELS + "/" + mail, "{\"settings\":{\"host\":\"localhost\"}}");
        assertThat(mailMoved.status()).isEqualTo(400);
        assertThat(mailMoved.json().get("error").asText()).startsWith("settings.password: must be given again");
        assertThat(api().put(CHANNELS + "/" + mail, "{\"settings\":{\"host\":\"localhost\",\"password\":"
                + "\"smtp-password-78\"}}").status()).isEqualTo(200);

        assertThat(other.requests()).isEmpty();
    }

    @Test
    void a_webhook_token_in_the_query_is_masked_kept_on_a_masked_echo_and_sent_as_saved() {
        String url = saved.baseUrl() + "/hook?channel=ops&token=query-token-5150";
        String hook = create("{\"type\":\"webhook\",\"name\":\"w\",\"settings\":{\"url\":\"" + url + "\"}}");
        JsonNode view = api().get(CHANNELS + "/" + hook).json();
        assertThat(view.at("/settings/url").asText()).isEqualTo(saved.baseUrl() + "/hook?channel=••••&token=••••");
        assertThat(api().get(CHANNELS).body()).doesNotContain("query-token-5150");
        assertThat(api().put(CHANNELS + "/" + hook, "{\"settings\":{\"url\":\"" + view.at("/settings/url").asText()
                + "\"}}").status()).isEqualTo(200);
        assertThat(api().post(CHANNELS + "/" + hook + "/test", "").json().get("ok").asBoolean()).isTrue();
        assertThat(saved.lastRequest().uri().getRawQuery()).isEqualTo("channel=ops&token=query-token-5150");
        assertThat(api().put(CHANNELS + "/" + hook, "{\"settings\":{\"url\":\"http://u:p4ss@127.0.0.1:"
                + saved.port() + "/hook\"}}").status()).isEqualTo(400);
    }

    private String create(String body) {
        RestClient.Reply reply = api().post(CHANNELS, body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().get("id").asText();
    }
}
