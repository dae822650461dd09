package dev.aperture.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Counts in words agree in number ("1 error", never "1 errors"), in the header badge and the chart. */
class CountWordsTest {

    private final FakeServer tmdb = new FakeServer();
    private final AppFixture fixture = new AppFixture(TestDatabases.SQLITE);

    @AfterEach
    void close() {
        fixture.close();
        tmdb.close();
    }

    @Test
    void one_open_error_reads_one_error_in_the_badge_and_one_recorded_error_in_the_chart_title() {
        // TMDb's answer to a rejected key (https://developer.themoviedb.org/docs/errors: status_code 7).
        tmdb.answer(Response.json(401, "{\"status_code\":7,\"status_message\":\"Invalid API key: You must be granted "
                + "a valid key.\",\"success\":false}"));
        assertThat(fixture.api.put("/api/integrations/tmdb", "{\"apiKey\":\"count-words-key-0001\",\"baseUrl\":\""
                + tmdb.baseUrl() + "/3\"}").status()).isEqualTo(200);
        assertThat(fixture.api.post("/api/integrations/tmdb/test", "").json().get("ok").asBoolean()).isFalse();

        String page = session().get("/").body();

        assertThat(page).contains("aria-label=\"Open alerts: 1 error, 0 warnings, 0 info\"")
                .contains("1 error in the last").doesNotContain("1 errors");
    }

    private RestClient session() {
        RestClient.Reply login = RestClient.anonymous(fixture.baseUrl()).post("/api/auth/login",
                "{\"username\":\"admin\",\"password\":\"" + AppFixture.ADMIN_PASSWORD + "\"}");
        return new RestClient(fixture.baseUrl(), Map.of("Cookie", login.headers().get("set-cookie").get(0).split(";")[0]));
    }
}
