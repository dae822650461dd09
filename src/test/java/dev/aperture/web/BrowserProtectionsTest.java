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

/** The browser protection headers on the real server's pages, API answers, errors and static files. */
class BrowserProtectionsTest {

    private static AppFixture fixture;
    private static RestClient session;

    @BeforeAll
    static void start() {
        fixture = new AppFixture(TestDatabases.SQLITE);
        RestClient.Reply login = RestClient.anonymous(fixture.baseUrl()).post("/api/auth/login",
                "{\"username\":\"admin\",\"password\":\"" + AppFixture.ADMIN_PASSWORD + "\"}");
        assertThat(login.status()).isEqualTo(200);
        String cookie = login.headers().get("set-cookie").get(0).split(";")[0];
        session = new RestClient(fixture.baseUrl(), Map.of("Cookie", cookie));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static String header(RestClient.Reply r, String name) {
        List<String> values = r.headers().get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null ? null : String.join(", ", values);
    }

    private static void assertProtected(RestClient.Reply r, String what) {
        assertThat(header(r, "Content-Security-Policy")).as(what)
                .contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
                        "object-src 'none'", "base-uri 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(header(r, "X-Frame-Options")).as(what).isEqualTo("DENY");
        assertThat(header(r, "X-Content-Type-Options")).as(what).isEqualTo("nosniff");
        assertThat(header(r, "Referrer-Policy")).as(what).isEqualTo("same-origin");
    }

    @Test
    void every_page_a_logged_in_admin_sees_is_protected_and_never_cached() {
        for (String path : List.of("/", "/integrations", "/integrations/tmdb", "/alerts", "/errors", "/jobs",
                "/notifications")) {
            RestClient.Reply r = session.get(path);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.body()).as(path).contains("<html");
            assertProtected(r, path);
            assertThat(header(r, "Cache-Control")).as(path).isEqualTo("no-store");
        }
    }

    @Test
    void authenticated_api_answers_are_protected_and_never_cached() {
        for (String path : List.of("/api/alerts", "/api/integrations", "/api/errors", "/api/auth/me", "/metrics")) {
            RestClient.Reply r = fixture.api.get(path);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertProtected(r, path);
            assertThat(header(r, "Cache-Control")).as(path).isEqualTo("no-store");
        }
        RestClient.Reply viaCookie = session.get("/api/alerts");
        assertThat(viaCookie.status()).isEqualTo(200);
        assertThat(header(viaCookie, "Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void refusals_redirects_and_errors_carry_the_headers_too() {
        RestClient anon = RestClient.anonymous(fixture.baseUrl());
        RestClient.Reply unauthorized = anon.get("/api/alerts");
        assertThat(unauthorized.status()).isEqualTo(401);
        assertProtected(unauthorized, "401");
        RestClient.Reply redirect = anon.get("/notifications");
        assertThat(redirect.status()).isEqualTo(303);
        assertProtected(redirect, "303");
        RestClient.Reply login = anon.get("/login");
        assertThat(login.status()).isEqualTo(200);
        assertProtected(login, "login page");
        RestClient.Reply badRequest = fixture.api.get("/api/errors?limit=0");
        assertThat(badRequest.status()).isEqualTo(400);
        assertProtected(badRequest, "400");
        RestClient.Reply missing = session.get("/alerts/does-not-exist");
        assertThat(missing.status()).isEqualTo(404);
        assertProtected(missing, "404 page");
        assertThat(header(missing, "Cache-Control")).isEqualTo("no-store");
        assertProtected(anon.get("/api/health"), "health");
    }

    @Test
    void static_files_keep_their_caching_and_are_still_protected() {
        RestClient anon = RestClient.anonymous(fixture.baseUrl());
        RestClient.Reply js = anon.get("/static/aperture.js");
        assertThat(js.status()).isEqualTo(200);
        assertProtected(js, "aperture.js");
        assertThat(header(js, "Cache-Control")).isEqualTo("max-age=300");
        RestClient.Reply htmx = anon.get("/webjars/htmx.org/2.0.4/dist/htmx.min.js");
        assertThat(htmx.status()).isEqualTo(200);
        assertThat(header(htmx, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(header(htmx, "Cache-Control")).doesNotContain("no-store");
    }

    @Test
    void the_layout_turns_off_the_htmx_features_the_policy_would_block() {
        String page = session.get("/").body();
        assertThat(page).contains("<meta name=\"htmx-config\"").contains("\"includeIndicatorStyles\": false")
                .contains("\"allowEval\": false");
        assertThat(page).doesNotContain("<script>").doesNotContain(" style=").doesNotContain("onclick=")
                .doesNotContain("hx-on");
    }
}
