package dev.aperture.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Tag;

/** Accounts on the real server: sessions that end, password changes, API tokens, logout, and the reset CLI. */
class AccountsTest {

    private AppFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private AppFixture start(TestDatabases kind) {
        fixture = new AppFixture(kind);
        return fixture;
    }

    /** A browser-like session: the cookie and the CSRF header the login answered. */
    private RestClient session(String user, String password) {
        return RestClient.session(fixture.baseUrl(), user, password);
    }

    @Test
    void a_session_is_accepted_at_13_days_23_hours_and_refused_from_day_14_on() {
        start(TestDatabases.SQLITE);
        RestClient browser = session("admin", AppFixture.ADMIN_PASSWORD);
        fixture.clock.advance(Duration.ofDays(13).plusHours(23));
        assertThat(browser.get("/api/auth/me").status()).isEqualTo(200);
        assertThat(browser.get("/api/alerts").status()).isEqualTo(200);
        fixture.clock.advance(Duration.ofHours(1));
        assertThat(browser.get("/api/auth/me").status()).isEqualTo(401);
        assertThat(browser.get("/api/alerts").status()).isEqualTo(401);
    }

    @Test
    void a_password_change_needs_the_current_password_ends_other_sessions_and_keeps_this_one() {
        start(TestDatabases.SQLITE);
        fixture.app.accounts.createUser("owner", "owner-password-1", "admin");
        RestClient here = session("owner", "owner-password-1");
        RestClient elsewhere = session("owner", "owner-password-1");
        // Known to the server (kept in memory) before the change ends it.
        assertThat(elsewhere.get("/api/auth/me").status()).isEqualTo(200);

        RestClient.Reply wrong = here.post("/api/auth/password",
                "{\"currentPassword\":\"not-it\",\"newPassword\":\"a-new-long-password\"}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("error").asText()).startsWith("currentPassword");
        RestClient.Reply shortOne = here.post("/api/auth/password",
                "{\"currentPassword\":\"owner-password-1\",\"newPassword\":\"short\"}");
        assertThat(shortOne.status()).isEqualTo(400);
        assertThat(shortOne.json().get("error").asText()).startsWith("newPassword");
        RestClient.Reply missing = here.post("/api/auth/password", "{\"newPassword\":\"a-new-long-password\"}");
        assertThat(missing.json().get("error").asText()).startsWith("currentPassword");

        assertThat(here.post("/api/auth/password",
                "{\"currentPassword\":\"owner-password-1\",\"newPassword\":\"a-new-long-password\"}").status())
                .isEqualTo(204);
        assertThat(here.get("/api/auth/me").status()).isEqualTo(200);
        assertThat(elsewhere.get("/api/auth/me").status()).isEqualTo(401);
        RestClient anonymous = RestClient.anonymous(fixture.baseUrl());
        assertThat(anonymous.post("/api/auth/login", "{\"username\":\"owner\",\"password\":\"owner-password-1\"}")
                .status()).isEqualTo(401);
        assertThat(anonymous.post("/api/auth/login", "{\"username\":\"owner\",\"password\":\"a-new-long-password\"}")
                .status()).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void tokens_are_listed_with_name_created_last_used_and_expiry_expire_on_time_and_can_be_revoked(TestDatabases kind) {
        start(kind);
        Instant issuedAt = fixture.clock.instant();
        RestClient.Reply issued = fixture.api.post("/api/tokens", "{\"name\":\"backup script\",\"expiresInDays\":7}");
        assertThat(issued.status()).isEqualTo(201);
        assertThat(issued.json().get("expiresAt").asText()).isEqualTo(issuedAt.plus(Duration.ofDays(7)).toString());
        String id = issued.json().get("id").asText();
        RestClient script = new RestClient(fixture.baseUrl(),
                Map.of("Authorization", "Bearer " + issued.json().get("token").asText()));

        JsonNode listed = token(id);
        assertThat(listed.get("name").asText()).isEqualTo("backup script");
        assertThat(listed.get("username").asText()).isEqualTo("admin");
        assertThat(listed.get("createdAt").asText()).isEqualTo(issuedAt.toString());
        assertThat(listed.get("lastUsedAt").isNull()).isTrue();
        assertThat(listed.get("expired").asBoolean()).isFalse();
        assertThat(fixture.api.get("/api/tokens").body()).doesNotContain(issued.json().get("token").asText());

        fixture.clock.advance(Duration.ofDays(1));
        assertThat(script.get("/api/alerts").status()).isEqualTo(200);
        assertThat(token(id).get("lastUsedAt").asText()).isEqualTo(issuedAt.plus(Duration.ofDays(1)).toString());

        fixture.clock.advance(Duration.ofDays(6));
        assertThat(script.get("/api/alerts").status()).isEqualTo(401);
        assertThat(token(id).get("expired").asBoolean()).isTrue();

        assertThat(fixture.api.delete("/api/tokens/" + id).status()).isEqualTo(204);
        assertThat(fixture.api.get("/api/tokens").json().get("tokens").findValuesAsText("id")).doesNotContain(id);
        assertThat(fixture.api.delete("/api/tokens/" + id).status()).isEqualTo(404);

        for (String bad : new String[] {"0", "3651", "1.5", "\"7\""}) {
            RestClient.Reply r = fixture.api.post("/api/tokens", "{\"name\":\"x\",\"expiresInDays\":" + bad + "}");
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.json().get("error").asText()).as(bad).startsWith("expiresInDays");
        }
        RestClient.Reply forever = fixture.api.post("/api/tokens", "{\"name\":\"forever\"}");
        assertThat(forever.json().get("expiresAt").isNull()).isTrue();
        fixture.clock.advance(Duration.ofDays(3650));
        RestClient poller = new RestClient(fixture.baseUrl(), Map.of("Authorization", "Bearer "
                + forever.json().get("token").asText()));
        assertThat(poller.get("/api/alerts").status()).isEqualTo(200);

        // Known tokens are kept for a second (ApiTokens.KNOWN_FOR); a revocation must not wait for that.
        assertThat(poller.get("/api/alerts").status()).isEqualTo(200);
        assertThat(fixture.api.delete("/api/tokens/" + forever.json().get("id").asText()).status()).isEqualTo(204);
        assertThat(poller.get("/api/alerts").status()).isEqualTo(401);
    }

    private JsonNode token(String id) {
        for (JsonNode t : fixture.api.get("/api/tokens").json().get("tokens")) {
            if (t.get("id").asText().equals(id)) {
                return t;
            }
        }
        throw new AssertionError("token " + id + " not listed");
    }

    @Test
    void a_non_admin_can_log_out_through_the_api_and_the_page_but_still_reaches_nothing_else() throws Exception {
        start(TestDatabases.SQLITE);
        fixture.app.accounts.createUser("viewer", "viewer-password-1", "user");
        RestClient api = session("viewer", "viewer-password-1");
        assertThat(api.get("/api/auth/me").json().get("role").asText()).isEqualTo("user");
        assertThat(api.get("/api/alerts").status()).isEqualTo(403);
        assertThat(api.post("/api/auth/logout", "").status()).isEqualTo(204);
        assertThat(api.get("/api/auth/me").status()).isEqualTo(401);

        RestClient.Reply login = RestClient.anonymous(fixture.baseUrl()).post("/api/auth/login",
                "{\"username\":\"viewer\",\"password\":\"viewer-password-1\"}");
        String cookie = login.headers().get("set-cookie").get(0).split(";")[0];
        RestClient before = new RestClient(fixture.baseUrl(), Map.of("Cookie", cookie));
        assertThat(before.get("/api/auth/me").status()).isEqualTo(200);
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(fixture.baseUrl() + "/logout")).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + login.json().get("csrfToken").asText())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("location")).contains("/login");
        assertThat(before.get("/api/auth/me").status()).isEqualTo(401);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    @Tag("slow") // the reset CLI runs as its own process, as the owner runs it on the host
    void reset_password_on_the_host_prints_a_new_password_that_logs_in_and_ends_every_session(TestDatabases kind)
            throws Exception {
        // The CLI hashes at the server's cost, and this app must check those hashes.
        fixture = AppFixture.hashingAsTheServer(kind);
        RestClient browser = session("admin", AppFixture.ADMIN_PASSWORD);
        // The server has the session in memory, and must not answer from there once another process ended it.
        assertThat(browser.get("/api/auth/me").status()).isEqualTo(200);
        assertThat(browser.get("/integrations").status()).isEqualTo(200);

        CliRun generated = cli(fixture.db, Map.of(), null, "admin", "reset-password");
        assertThat(generated.exit()).as(generated.output()).isZero();
        Matcher m = Pattern.compile("New password for admin: (\\S+)").matcher(generated.output());
        assertThat(m.find()).as(generated.output()).isTrue();
        String printed = m.group(1);
        assertThat(printed).hasSize(20);

        assertThat(browser.get("/api/auth/me").status()).isEqualTo(401);
        RestClient anonymous = RestClient.anonymous(fixture.baseUrl());
        assertThat(anonymous.post("/api/auth/login", "{\"username\":\"admin\",\"password\":\""
                + AppFixture.ADMIN_PASSWORD + "\"}").status()).isEqualTo(401);
        assertThat(anonymous.post("/api/auth/login", "{\"username\":\"admin\",\"password\":\"" + printed + "\"}")
                .status()).isEqualTo(200);
        RestClient second = session("admin", printed);
        assertThat(second.get("/api/auth/me").status()).isEqualTo(200);

        CliRun fromStdin = cli(fixture.db, Map.of(), "chosen-on-the-host-1\n", "admin", "reset-password",
                "--password-stdin");
        assertThat(fromStdin.exit()).as(fromStdin.output()).isZero();
        assertThat(fromStdin.output()).contains("Password for admin changed.").doesNotContain("chosen-on-the-host-1");
        assertThat(second.get("/api/auth/me").status()).isEqualTo(401);
        assertThat(anonymous.post("/api/auth/login", "{\"username\":\"admin\",\"password\":\"chosen-on-the-host-1\"}")
                .status()).isEqualTo(200);

        CliRun fromEnv = cli(fixture.db, Map.of("APERTURE_NEW_PASSWORD", "from-the-environment"), null,
                "admin", "reset-password");
        assertThat(fromEnv.exit()).as(fromEnv.output()).isZero();
        assertThat(anonymous.post("/api/auth/login", "{\"username\":\"admin\",\"password\":\"from-the-environment\"}")
                .status()).isEqualTo(200);

        CliRun nobody = cli(fixture.db, Map.of(), null, "admin", "reset-password", "--username", "ghost");
        assertThat(nobody.exit()).isEqualTo(1);
        assertThat(nobody.output()).contains("There is no user \"ghost\"");
        CliRun tooShort = cli(fixture.db, Map.of("APERTURE_NEW_PASSWORD", "short"), null, "admin",
                "reset-password");
        assertThat(tooShort.exit()).isEqualTo(2);
    }

    @Test
    void the_account_page_changes_the_password_and_creates_lists_and_revokes_tokens() throws Exception {
        start(TestDatabases.SQLITE);
        fixture.app.accounts.createUser("owner", "owner-password-1", "admin");
        RestClient.Reply login = RestClient.anonymous(fixture.baseUrl()).post("/api/auth/login",
                "{\"username\":\"owner\",\"password\":\"owner-password-1\"}");
        String cookie = login.headers().get("set-cookie").get(0).split(";")[0];
        String csrf = login.json().get("csrfToken").asText();
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(fixture.baseUrl() + "/account"))
                .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Change password").contains("API tokens").contains(">tests<");

        HttpResponse<String> created = form(http, cookie, "/account/tokens",
                "_csrf=" + csrf + "&name=nightly+backup&expiresInDays=30");
        assertThat(created.statusCode()).isEqualTo(200);
        Matcher token = Pattern.compile("<code id=\"issued-token\">(apt_[a-z0-9]+)</code>").matcher(created.body());
        assertThat(token.find()).as(created.body()).isTrue();
        assertThat(created.body()).contains("nightly backup")
                .contains(fixture.clock.instant().plus(Duration.ofDays(30)).toString());
        RestClient script = new RestClient(fixture.baseUrl(), Map.of("Authorization", "Bearer " + token.group(1)));
        assertThat(script.get("/api/alerts").status()).isEqualTo(200);

        String id = null;
        for (JsonNode t : fixture.api.get("/api/tokens").json().get("tokens")) {
            if (t.get("name").asText().equals("nightly backup")) {
                id = t.get("id").asText();
            }
        }
        assertThat(id).isNotNull();
        HttpResponse<String> revoked = form(http, cookie, "/account/tokens/" + id + "/revoke", "_csrf=" + csrf);
        assertThat(revoked.statusCode()).isEqualTo(303);
        assertThat(script.get("/api/alerts").status()).isEqualTo(401);

        HttpResponse<String> mismatch = form(http, cookie, "/account/password", "_csrf=" + csrf
                + "&currentPassword=owner-password-1&newPassword=the-next-password&confirmPassword=something-else");
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(mismatch.body()).contains("New password again does not match the new password.");
        HttpResponse<String> changed = form(http, cookie, "/account/password", "_csrf=" + csrf
                + "&currentPassword=owner-password-1&newPassword=the-next-password&confirmPassword=the-next-password");
        assertThat(changed.statusCode()).isEqualTo(303);
        RestClient anonymous = RestClient.anonymous(fixture.baseUrl());
        assertThat(anonymous.post("/api/auth/login", "{\"username\":\"owner\",\"password\":\"the-next-password\"}")
                .status()).isEqualTo(200);
    }

    private HttpResponse<String> form(HttpClient http, String cookie, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(fixture.baseUrl() + path)).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    record CliRun(int exit, String output) {}

    /** {@code aperture ...} as its own process on the test's data dir, as the owner would run it on the host. */
    private static CliRun cli(TestDatabases.Target db, Map<String, String> env, String stdin, String... args)
            throws IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>(
                dev.aperture.testing.ApertureProcess.javaCommand(java.util.List.of()));
        command.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("APERTURE_"));
        pb.environment().put("APERTURE_DATA_DIR", db.dataDir().toString());
        db.url().ifPresent(url -> pb.environment().put("APERTURE_DATABASE_URL", url));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new CliRun(p.exitValue(), output);
    }
}
