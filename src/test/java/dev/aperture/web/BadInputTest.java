package dev.aperture.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.testing.AppFixture;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Input a client controls answers 400 naming the field, or is ignored; never a 500. */
class BadInputTest {

    private static AppFixture fixture;
    private static String session;

    @BeforeAll
    static void start() {
        fixture = new AppFixture(TestDatabases.SQLITE);
        RestClient.Reply login = RestClient.anonymous(fixture.baseUrl()).post("/api/auth/login",
                "{\"username\":\"admin\",\"password\":\"" + AppFixture.ADMIN_PASSWORD + "\"}");
        session = login.headers().get("set-cookie").get(0).split(";")[0];
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void a_timestamp_beyond_what_the_store_can_compare_is_a_400_naming_the_parameter() {
        for (String field : List.of("since", "until")) {
            for (String value : List.of("%2B999999999-12-31T23:59:59Z", "+999999999-12-31T23:59:59Z",
                    "-999999999-01-01T00:00:00Z", "%2B10000-01-01T00:00:00Z", "1969-12-31T23:59:59Z")) {
                RestClient.Reply r = fixture.api.get("/api/errors?" + field + "=" + value);
                assertThat(r.status()).as(field + "=" + value).isEqualTo(400);
                assertThat(r.json().get("error").asText()).as(field + "=" + value).startsWith(field + ":");
            }
        }
        assertThat(fixture.api.get("/api/errors?since=9999-12-31T23:59:59Z").status()).isEqualTo(200);
        assertThat(fixture.api.get("/api/errors?until=1970-01-01T00:00:00Z").status()).isEqualTo(200);
    }

    @Test
    void a_malformed_flash_cookie_is_ignored_and_the_page_renders() {
        for (String flash : List.of("%", "%E0%A4%A", "%zz", "%%%%", "x".repeat(5000))) {
            for (String page : List.of("/", "/alerts", "/integrations")) {
                RestClient.Reply r = new RestClient(fixture.baseUrl(),
                        Map.of("Cookie", session + "; aperture_flash=" + flash)).get(page);
                assertThat(r.status()).as(page + " with " + flash.substring(0, Math.min(10, flash.length())))
                        .isEqualTo(200);
                assertThat(r.body()).doesNotContain("class=\"flash\"");
            }
        }
    }

    @Test
    void a_well_formed_flash_cookie_is_still_shown_once() {
        RestClient.Reply r = new RestClient(fixture.baseUrl(), Map.of("Cookie", session + "; aperture_flash=Saved%20the%20%3Cchannel%3E"))
                .get("/alerts");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("<p class=\"flash\" role=\"status\">Saved the &lt;channel&gt;</p>");
    }
}
