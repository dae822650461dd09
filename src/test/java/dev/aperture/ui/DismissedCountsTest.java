package dev.aperture.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reported: the dashboard said "0 errors" beside red chips after a dismiss, and its chart's "63 in total" kept
 * counting the errors of dismissed alerts. Dismissed alerts leave the totals, the chips, the patterns and the
 * chart alike; "Include dismissed" ({@code ?includeDismissed=true}) brings them all back.
 */
class DismissedCountsTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef";
    /** TMDb error 7 (developer.themoviedb.org/docs/errors): HTTP 401, invalid API key. */
    private static final Response INVALID_KEY = Response.json(401, "{\"status_code\":7,\"status_message\":"
            + "\"Invalid API key: You must be granted a valid key.\",\"success\":false}");

    private final FakeServer tmdb = new FakeServer();
    private AppFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
        tmdb.close();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_dismissed_alert_leaves_the_totals_chips_patterns_and_chart_and_the_switch_brings_it_back(
            TestDatabases kind) {
        fixture = new AppFixture(kind);
        assertThat(fixture.api.put("/api/integrations/tmdb", "{\"apiKey\":\"" + KEY + "\",\"baseUrl\":\""
                + tmdb.baseUrl() + "/3\"}").status()).isEqualTo(200);
        tmdb.answer("/3/authentication", INVALID_KEY);
        for (int i = 0; i < 3; i++) {
            fixture.api.post("/api/integrations/tmdb/test", "");
        }
        assertThat(tmdb.requests()).hasSize(3);
        RestClient browser = fixture.browserSession();

        String before = page(browser, "/");
        assertThat(before).contains(">1</span> error<").contains("class=\"status error\"")
                .contains("· 3 in total").contains("TMDb rejected the credentials 3 times since");

        assertThat(fixture.api.post("/api/alerts/dismiss", "{\"service\":\"tmdb\"}").json().get("dismissed").asInt())
                .isEqualTo(1);

        String after = page(browser, "/");
        assertThat(after).contains(">0</span> errors").doesNotContain("class=\"status error\"")
                .contains("id=\"status-tmdb\" class=\"status connected\"").contains("· 0 in total")
                .doesNotContain("TMDb rejected the credentials")
                .contains("href=\"/?range=24h&amp;includeDismissed=true\"").contains("aria-checked=\"false\"");
        for (String range : new String[] {"7d", "30d"}) {
            assertThat(page(browser, "/?range=" + range)).contains("· 0 in total");
        }

        String included = page(browser, "/?includeDismissed=true");
        assertThat(included).contains(">1</span> error<").contains("id=\"status-tmdb\" class=\"status error\"")
                .contains("· 3 in total, dismissed alerts included").contains("TMDb rejected the credentials 3 times")
                .contains("aria-checked=\"true\"")
                // The range tabs keep the switch; the switch itself leads back to open alerts only.
                .contains("href=\"/?range=7d&amp;includeDismissed=true\"").contains("href=\"/?range=24h\"");
        assertThat(page(browser, "/?range=7d&includeDismissed=true")).contains("· 3 in total");
        // The switched page polls with the version /live reports: otherwise it would reload itself every 3 s.
        java.util.regex.Matcher poller = java.util.regex.Pattern.compile("hx-get=\"(/live\\?v=[0-9a-f]+)\"")
                .matcher(included);
        assertThat(poller.find()).as("the page's poller").isTrue();
        assertThat(browser.get(poller.group(1)).status()).isEqualTo(204);

        assertThat(fixture.api.get("/api/alerts/summary").json().at("/totals/error").asInt()).isZero();
        assertThat(fixture.api.get("/api/alerts/summary?includeDismissed=true").json().at("/totals/error").asInt())
                .isEqualTo(1);
        assertThat(fixture.api.get("/api/alerts/summary?includeDismissed=true").json().at("/byService/tmdb").asInt())
                .isEqualTo(1);
        assertThat(fixture.api.get("/api/alerts/summary?includeDismissed=yes").status()).isEqualTo(400);
        assertThat(browser.get("/?includeDismissed=yes").status()).isEqualTo(400);
    }


    private static String page(RestClient browser, String path) {
        RestClient.Reply reply = browser.get(path);
        assertThat(reply.status()).as(path).isEqualTo(200);
        return reply.body();
    }
}
