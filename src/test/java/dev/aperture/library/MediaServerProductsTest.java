package dev.aperture.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeMediaServers;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Recorded;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Test Connection, the service page and sync-library against a Jellyfin 12 that reads the key only from
 * {@code Authorization: MediaBrowser Token=...} and an Emby that reads it only from {@code X-Emby-Token}.
 */
class MediaServerProductsTest {

    private static final String KEY = "9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a";
    private final FakeServer server = new FakeServer();
    private final AppFixture fixture = new AppFixture(TestDatabases.SQLITE);

    @AfterEach
    void close() {
        fixture.close();
        server.close();
    }

    private static Response library(Recorded r) {
        return Response.json(200, "{\"Items\":[{\"Name\":\"Arrival\",\"Id\":\"m1\",\"Type\":\"Movie\",\"ProductionYear\":2016,"
                + "\"ProviderIds\":{\"Imdb\":\"tt2543164\",\"Tmdb\":\"329865\"}},{\"Name\":\"Severance\",\"Id\":\"s1\","
                + "\"Type\":\"Series\",\"ProductionYear\":2022,\"ProviderIds\":{\"Imdb\":\"tt11280740\",\"Tmdb\":\"95396\"}}],"
                + "\"TotalRecordCount\":2,\"StartIndex\":0}");
    }

    @Test
    void jellyfin_12_which_ignores_the_legacy_headers_tests_ok_reports_itself_and_syncs_the_library() {
        FakeMediaServers.jellyfin12(server, KEY, MediaServerProductsTest::library);
        fixture.api.put("/api/integrations/mediaserver", "{\"baseUrl\":\"" + server.baseUrl() + "\",\"apiKey\":\"" + KEY + "\"}");

        JsonNode test = fixture.api.post("/api/integrations/mediaserver/test", "").json();

        assertThat(test.get("ok").asBoolean()).as(test.toString()).isTrue();
        assertThat(test.at("/server/product").asText()).isEqualTo("Jellyfin Server");
        assertThat(test.at("/server/version").asText()).isEqualTo("12.0.0");
        assertThat(server.lastRequest().path()).isEqualTo("/System/Info");
        assertThat(server.lastRequest().header("authorization")).isEqualTo("MediaBrowser Token=\"" + KEY + "\"");
        JsonNode view = fixture.api.get("/api/integrations/mediaserver").json();
        assertThat(view.get("status").asText()).isEqualTo("connected");
        assertThat(view.at("/server/product").asText()).isEqualTo("Jellyfin Server");
        assertThat(view.at("/server/version").asText()).isEqualTo("12.0.0");
        assertThat(page()).contains("Jellyfin Server 12.0.0");

        assertSyncs();
        assertThat(server.lastRequest().path()).isEqualTo("/Items");
        assertThat(server.lastRequest().header("authorization")).isEqualTo("MediaBrowser Token=\"" + KEY + "\"");
    }

    @Test
    void emby_tests_ok_with_the_key_in_its_own_header_only_reports_itself_and_syncs_the_library() {
        FakeMediaServers.emby(server, KEY, MediaServerProductsTest::library);
        fixture.api.put("/api/integrations/mediaserver", "{\"baseUrl\":\"" + server.baseUrl() + "\",\"apiKey\":\"" + KEY
                + "\",\"serverType\":\"emby\"}");

        JsonNode test = fixture.api.post("/api/integrations/mediaserver/test", "").json();

        assertThat(test.get("ok").asBoolean()).as(test.toString()).isTrue();
        assertThat(test.at("/server/product").asText()).isEqualTo("Emby Server");
        assertThat(test.at("/server/version").asText()).isEqualTo("4.9.1.0");
        assertThat(server.lastRequest().header("x-emby-token")).isEqualTo(KEY);
        assertThat(server.lastRequest().header("authorization")).isNull();
        JsonNode view = fixture.api.get("/api/integrations/mediaserver").json();
        assertThat(view.at("/server/product").asText()).isEqualTo("Emby Server");
        assertThat(view.at("/server/version").asText()).isEqualTo("4.9.1.0");
        assertThat(page()).contains("Emby Server 4.9.1.0");

        assertSyncs();
        assertThat(server.lastRequest().header("x-emby-token")).isEqualTo(KEY);
        assertThat(server.lastRequest().header("authorization")).isNull();
    }

    @Test
    void emby_left_on_the_default_server_type_still_tests_ok() {
        FakeMediaServers.emby(server, KEY, MediaServerProductsTest::library);
        fixture.api.put("/api/integrations/mediaserver", "{\"baseUrl\":\"" + server.baseUrl() + "\",\"apiKey\":\"" + KEY + "\"}");

        JsonNode test = fixture.api.post("/api/integrations/mediaserver/test", "").json();

        assertThat(test.get("ok").asBoolean()).as(test.toString()).isTrue();
        assertThat(test.at("/server/product").asText()).isEqualTo("Emby Server");
    }

    @Test
    void jellyfin_12_set_as_emby_fails_with_its_empty_401_and_the_alert_says_to_pick_jellyfin() {
        FakeMediaServers.jellyfin12(server, KEY, MediaServerProductsTest::library);
        fixture.api.put("/api/integrations/mediaserver", "{\"baseUrl\":\"" + server.baseUrl() + "\",\"apiKey\":\"" + KEY
                + "\",\"serverType\":\"emby\"}");

        JsonNode test = fixture.api.post("/api/integrations/mediaserver/test", "").json();

        assertThat(test.get("ok").asBoolean()).isFalse();
        assertThat(test.at("/error/type").asText()).isEqualTo("authentication");
        assertThat(test.at("/error/message").asText()).contains("set the server type to Jellyfin");
        assertThat(test.get("server").isNull()).isTrue();
        assertThat(fixture.api.get("/api/integrations/mediaserver").json().get("server").isNull()).isTrue();
    }

    @Test
    void a_wrong_key_on_jellyfin_12_is_still_an_authentication_error() {
        FakeMediaServers.jellyfin12(server, KEY, MediaServerProductsTest::library);
        fixture.api.put("/api/integrations/mediaserver", "{\"baseUrl\":\"" + server.baseUrl()
                + "\",\"apiKey\":\"0000000000000000000000000000dead\"}");

        JsonNode test = fixture.api.post("/api/integrations/mediaserver/test", "").json();

        assertThat(test.get("ok").asBoolean()).isFalse();
        assertThat(test.at("/error/type").asText()).isEqualTo("authentication");
        assertThat(test.at("/error/httpStatus").asInt()).isEqualTo(401);
        assertThat(test.at("/error/message").asText()).doesNotContain("server type");
    }

    private void assertSyncs() {
        String runId = fixture.api.post("/api/jobs/sync-library/run", "").json().get("runId").asText();
        JsonNode run = EnrichMetadataJobTest.awaitEnd(fixture.api, runId);
        assertThat(run.get("status").asText()).isEqualTo("succeeded");
        JsonNode items = fixture.api.get("/api/library").json().get("items");
        assertThat(items).hasSize(2);
        assertThat(items).anySatisfy(i -> {
            assertThat(i.get("title").asText()).isEqualTo("Severance");
            assertThat(i.get("imdbId").asText()).isEqualTo("tt11280740");
            assertThat(i.get("mediaServerId").asText()).isEqualTo("s1");
        });
    }

    /** The service page as the logged-in admin's browser gets it. */
    private String page() {
        RestClient anon = RestClient.anonymous(fixture.baseUrl());
        RestClient.Reply login = anon.post("/api/auth/login", "{\"username\":\"admin\",\"password\":\""
                + AppFixture.ADMIN_PASSWORD + "\"}");
        String cookie = login.headers().get("set-cookie").get(0).split(";")[0];
        RestClient.Reply page = new RestClient(fixture.baseUrl(), Map.of("Cookie", cookie)).get("/integrations/mediaserver");
        assertThat(page.status()).isEqualTo(200);
        return page.body();
    }
}
