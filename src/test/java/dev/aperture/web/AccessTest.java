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

/** Who may call what: every /api route but health and login needs an admin. */
class AccessTest {

    private static AppFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new AppFixture(TestDatabases.SQLITE);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static String concrete(String path) {
        return path.replace("{service}", "tmdb").replace("{id}", "does-not-exist").replace("{name}", "enrich-metadata");
    }

    private static RestClient.Reply call(RestClient client, Api.Route route) {
        String path = concrete(route.path());
        return switch (route.method()) {
            case "get" -> client.get(path);
            case "post" -> client.post(path, "{}");
            case "put" -> client.put(path, "{}");
            default -> client.delete(path);
        };
    }

    @Test
    void health_answers_without_auth_and_says_the_store_is_up() {
        RestClient.Reply r = RestClient.anonymous(fixture.baseUrl()).get("/api/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("ok");
    }

    @Test
    void every_route_but_health_and_login_refuses_anonymous_callers() {
        RestClient anon = RestClient.anonymous(fixture.baseUrl());
        List<Api.Route> routes = fixture.app.web.routes();
        assertThat(routes).hasSizeGreaterThan(10);
        for (Api.Route route : routes) {
            if (route.path().equals("/api/health") || route.path().equals("/api/auth/login")) {
                continue;
            }
            assertThat(call(anon, route).status()).as(route.toString()).isEqualTo(401);
        }
        assertThat(anon.get("/metrics").status()).isEqualTo(401);
    }

    @Test
    void the_ui_assets_are_public_and_nothing_outside_their_directories_is_served() {
        RestClient anon = RestClient.anonymous(fixture.baseUrl());
        Map<String, String> types = Map.of("/static/aperture.css", "text/css", "/static/aperture.js", "text/javascript",
                "/static/favicon.svg", "image/svg+xml", "/webjars/htmx.org/2.0.4/dist/htmx.min.js", "text/javascript");
        types.forEach((path, type) -> {
            RestClient.Reply r = anon.get(path);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.headers().get("content-type").get(0)).as(path).startsWith(type);
            assertThat(r.body()).as(path).isNotBlank();
        });
        assertThat(anon.get("/static/aperture.css").headers().get("cache-control")).containsExactly("max-age=300");
        for (String escape : List.of("/static/nope.css", "/static/%2e%2e/logback.xml", "/static/..%2flogback.xml",
                "/static/%2e%2e%2fdev/aperture/App.class", "/webjars/%2e%2e/%2e%2e/%2e%2e/logback.xml", "/static/")) {
            RestClient.Reply r = anon.get(escape);
            assertThat(r.status()).as(escape).isIn(400, 404);
            assertThat(r.body()).as(escape).doesNotContain("<configuration").doesNotContain("CAFEBABE");
        }
    }

    @Test
    void a_non_admin_user_gets_403_everywhere() {
        fixture.app.accounts.createUser("viewer", "viewer-password-1", "user");
        RestClient session = RestClient.session(fixture.baseUrl(), "viewer", "viewer-password-1");
        for (Api.Route route : fixture.app.web.routes()) {
            if (route.path().startsWith("/api/health") || route.path().startsWith("/api/auth/")) {
                continue;
            }
            assertThat(call(session, route).status()).as(route.toString()).isEqualTo(403);
        }
    }

    @Test
    void a_session_write_without_the_csrf_header_is_refused() {
        RestClient anon = RestClient.anonymous(fixture.baseUrl());
        RestClient.Reply login = anon.post("/api/auth/login", "{\"username\":\"admin\",\"password\":\""
                + AppFixture.ADMIN_PASSWORD + "\"}");
        String cookie = login.headers().get("set-cookie").get(0).split(";")[0];
        assertThat(login.headers().get("set-cookie").get(0)).containsIgnoringCase("HttpOnly");
        RestClient noCsrf = new RestClient(fixture.baseUrl(), Map.of("Cookie", cookie));
        assertThat(noCsrf.get("/api/alerts").status()).isEqualTo(200);
        RestClient.Reply write = noCsrf.post("/api/alerts/dismiss", "{\"service\":\"tmdb\"}");
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.json().get("error").asText()).contains("X-CSRF-Token");
        RestClient withCsrf = new RestClient(fixture.baseUrl(), Map.of("Cookie", cookie,
                "X-CSRF-Token", login.json().get("csrfToken").asText()));
        assertThat(withCsrf.post("/api/alerts/dismiss", "{\"service\":\"tmdb\"}").status()).isEqualTo(200);
    }

    @Test
    void a_revoked_token_stops_working() {
        RestClient.Reply issued = fixture.api.post("/api/tokens", "{\"name\":\"script\"}");
        assertThat(issued.status()).isEqualTo(201);
        RestClient script = new RestClient(fixture.baseUrl(),
                Map.of("Authorization", "Bearer " + issued.json().get("token").asText()));
        assertThat(script.get("/api/alerts").status()).isEqualTo(200);
        assertThat(fixture.api.delete("/api/tokens/" + issued.json().get("id").asText()).status()).isEqualTo(204);
        assertThat(script.get("/api/alerts").status()).isEqualTo(401);
    }

    @Test
    void bad_input_gets_400_naming_the_field_and_unknown_ids_404_without_stack_traces() {
        RestClient api = fixture.api;
        assertThat(api.get("/api/alerts?severity=loud").json().get("error").asText()).startsWith("severity");
        assertThat(api.get("/api/alerts?service=netflix").status()).isEqualTo(400);
        assertThat(api.get("/api/errors?since=yesterday").json().get("error").asText()).startsWith("since");
        assertThat(api.get("/api/errors?limit=0").json().get("error").asText()).startsWith("limit");
        assertThat(api.get("/api/errors?cursor=not-a-cursor").status()).isEqualTo(400);
        assertThat(api.post("/api/alerts/dismiss", "{}").json().get("error").asText()).startsWith("service");
        assertThat(api.post("/api/alerts/dismiss", "not json").json().get("error").asText()).startsWith("body");
        assertThat(api.put("/api/integrations/tmdb", "{\"baseUrl\":\"ftp://x\"}").json().get("error").asText())
                .startsWith("baseUrl");
        assertThat(api.put("/api/integrations/tmdb", "{\"colour\":\"red\"}").json().get("error").asText())
                .startsWith("colour");
        assertThat(api.put("/api/integrations/tmdb", "{\"enabled\":\"yes\"}").status()).isEqualTo(400);
        RestClient.Reply unknown = api.post("/api/alerts/nope/dismiss", "");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).contains("nope");
        assertThat(api.get("/api/integrations/netflix").status()).isEqualTo(404);
        assertThat(api.get("/api/no-such-thing").status()).isEqualTo(404);
        for (String body : List.of(api.put("/api/integrations/tmdb", "[1,2]").body(), unknown.body())) {
            assertThat(body).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void logins_are_throttled_after_repeated_failures() {
        RestClient anon = RestClient.anonymous(fixture.baseUrl());
        int[] statuses = new int[7];
        for (int i = 0; i < statuses.length; i++) {
            statuses[i] = anon.post("/api/auth/login", "{\"username\":\"nobody\",\"password\":\"wrong\"}").status();
        }
        assertThat(statuses).containsExactly(401, 401, 401, 401, 401, 429, 429);
    }
}
