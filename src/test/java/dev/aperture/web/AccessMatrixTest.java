package dev.aperture.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.testing.AppFixture;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The access matrix: every endpoint the router serves (REST, /metrics and the UI pages), read from the
 * router itself so a new route is covered without touching this test, against every kind of caller
 * that must be refused. REST answers 401/403; a page answers a redirect to /login instead, for a
 * stranger and for a signed-in non-admin alike (the UI has nothing a non-admin may see).
 */
class AccessMatrixTest {

    /** Reachable without an admin: the health probe and the two ways to log in. */
    private static final Set<String> PUBLIC = Set.of("get /api/health", "post /api/auth/login", "get /login",
            "post /login");
    /** Open to a signed-in user of any role (a non-admin may log out and manage their own password). */
    private static final Set<String> ANY_ROLE = Set.of("post /api/auth/logout", "get /api/auth/me",
            "post /api/auth/password", "post /logout");

    private static AppFixture fixture;
    private static RestClient anonymous;
    private static RestClient viewerSession;
    private static RestClient viewerToken;
    private static RestClient revokedToken;
    private static RestClient adminWithoutCsrf;
    private static RestClient adminSession;

    @BeforeAll
    static void start() {
        fixture = new AppFixture(TestDatabases.SQLITE);
        String base = fixture.baseUrl();
        anonymous = RestClient.anonymous(base);
        String viewerId = fixture.app.accounts.createUser("viewer", "viewer-password-1", "user");
        viewerSession = session("viewer", "viewer-password-1", true);
        viewerToken = new RestClient(base, Map.of("Authorization",
                "Bearer " + fixture.app.accounts.issueToken(viewerId, "viewer script").token()));
        RestClient.Reply issued = fixture.api.post("/api/tokens", "{\"name\":\"soon revoked\"}");
        assertThat(fixture.api.delete("/api/tokens/" + issued.json().get("id").asText()).status()).isEqualTo(204);
        revokedToken = new RestClient(base, Map.of("Authorization", "Bearer " + issued.json().get("token").asText()));
        adminWithoutCsrf = session("admin", AppFixture.ADMIN_PASSWORD, false);
        adminSession = session("admin", AppFixture.ADMIN_PASSWORD, true);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static RestClient session(String user, String password, boolean withCsrf) {
        RestClient.Reply login = anonymous.post("/api/auth/login",
                "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        String cookie = login.headers().get("set-cookie").get(0).split(";")[0];
        return new RestClient(fixture.baseUrl(), withCsrf
                ? Map.of("Cookie", cookie, WebServer.CSRF_HEADER, login.json().get("csrfToken").asText())
                : Map.of("Cookie", cookie));
    }

    private static List<Api.Route> endpoints(Predicate<Api.Route> which) {
        return fixture.app.web.endpoints().stream().filter(r -> !PUBLIC.contains(key(r))).filter(which).toList();
    }

    private static String key(Api.Route r) {
        return r.method() + " " + r.path();
    }

    private static boolean api(Api.Route r) {
        return r.path().startsWith("/api/") || r.path().equals("/metrics");
    }

    private static boolean page(Api.Route r) {
        return !api(r);
    }

    private static boolean write(Api.Route r) {
        return !r.method().equals("get");
    }

    private static RestClient.Reply call(RestClient client, Api.Route route) {
        String path = route.path().replace("{service}", "tmdb").replace("{name}", "enrich-metadata")
                .replaceAll("\\{[^}]+}", "does-not-exist");
        return switch (route.method()) {
            case "get" -> client.get(path);
            case "post" -> client.post(path, "{}");
            case "put" -> client.put(path, "{}");
            case "patch" -> client.patch(path, "{}");
            default -> client.delete(path);
        };
    }

    private static boolean redirectsToLogin(RestClient.Reply r) {
        return r.status() == 303 && r.headers().getOrDefault("location", List.of()).contains("/login");
    }

    private static void expectApi(SoftAssertions soft, RestClient client, int status) {
        // A revoked token is nobody: it is refused even where any role may go.
        for (Api.Route route : endpoints(r -> api(r) && (status == 401 || !ANY_ROLE.contains(key(r))))) {
            soft.assertThat(call(client, route).status()).as(key(route)).isEqualTo(status);
        }
    }

    private static void expectLoginRedirectFromPages(SoftAssertions soft, RestClient client) {
        for (Api.Route route : endpoints(r -> page(r) && (client != viewerSession || !ANY_ROLE.contains(key(r))))) {
            RestClient.Reply r = call(client, route);
            soft.assertThat(redirectsToLogin(r)).as("%s answered %s", key(route), r.status()).isTrue();
        }
    }

    @Test
    void the_matrix_holds_every_registered_api_route_metrics_and_the_pages() {
        List<Api.Route> served = fixture.app.web.endpoints();
        assertThat(served).containsAll(fixture.app.web.routes());
        assertThat(served).contains(new Api.Route("get", "/metrics"), new Api.Route("get", "/integrations"),
                new Api.Route("get", "/"), new Api.Route("post", "/alerts/{id}/dismiss"));
        assertThat(endpoints(AccessMatrixTest::page)).hasSizeGreaterThan(10);
    }

    @Test
    void a_stranger_gets_401_from_every_api_route_and_a_redirect_to_login_from_every_page() {
        SoftAssertions soft = new SoftAssertions();
        expectApi(soft, anonymous, 401);
        expectLoginRedirectFromPages(soft, anonymous);
        soft.assertAll();
    }

    @Test
    void a_page_asked_for_by_htmx_without_a_session_answers_401_with_a_redirect_header_instead_of_a_login_form() {
        RestClient htmx = new RestClient(fixture.baseUrl(), Map.of("HX-Request", "true"));
        SoftAssertions soft = new SoftAssertions();
        for (Api.Route route : endpoints(AccessMatrixTest::page)) {
            RestClient.Reply r = call(htmx, route);
            soft.assertThat(r.status()).as(key(route)).isEqualTo(401);
            soft.assertThat(r.headers().get("hx-redirect")).as(key(route)).containsExactly("/login");
        }
        soft.assertAll();
    }

    @Test
    void a_signed_in_non_admin_gets_403_from_every_api_route_and_a_redirect_to_login_from_every_page() {
        SoftAssertions soft = new SoftAssertions();
        expectApi(soft, viewerSession, 403);
        expectLoginRedirectFromPages(soft, viewerSession);
        soft.assertAll();
    }

    @Test
    void a_non_admin_api_token_gets_403_from_every_api_route_and_opens_no_page() {
        SoftAssertions soft = new SoftAssertions();
        expectApi(soft, viewerToken, 403);
        expectLoginRedirectFromPages(soft, viewerToken);
        soft.assertAll();
    }

    @Test
    void a_revoked_token_gets_401_from_every_api_route_and_opens_no_page() {
        SoftAssertions soft = new SoftAssertions();
        expectApi(soft, revokedToken, 401);
        expectLoginRedirectFromPages(soft, revokedToken);
        soft.assertAll();
    }

    @Test
    void an_admin_session_cookie_without_the_csrf_token_is_refused_on_every_write_with_403() {
        SoftAssertions soft = new SoftAssertions();
        for (Api.Route route : endpoints(AccessMatrixTest::write)) {
            soft.assertThat(call(adminWithoutCsrf, route).status()).as(key(route)).isEqualTo(403);
        }
        soft.assertAll();
    }

    /** The control: the refusals above are about who calls, not about routes that refuse everyone. */
    @Test
    void an_admin_passes_the_access_checks_of_every_route() {
        SoftAssertions soft = new SoftAssertions();
        for (Api.Route route : endpoints(r -> !r.path().endsWith("/logout"))) {
            RestClient.Reply r = call(api(route) ? fixture.api : adminSession, route);
            soft.assertThat(r.status()).as(key(route)).isNotIn(401, 403);
            soft.assertThat(redirectsToLogin(r)).as(key(route)).isFalse();
        }
        soft.assertAll();
    }

    @Test
    void the_login_page_and_the_login_api_share_one_throttle() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(anonymous.post("/api/auth/login", "{\"username\":\"mallory\",\"password\":\"guess" + i + "\"}")
                    .status()).isEqualTo(401);
        }
        HttpResponse<String> form = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(fixture.baseUrl() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=mallory&password=guess5")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(429);
        assertThat(anonymous.post("/api/auth/login", "{\"username\":\"mallory\",\"password\":\"guess6\"}").status())
                .isEqualTo(429);
    }
}
