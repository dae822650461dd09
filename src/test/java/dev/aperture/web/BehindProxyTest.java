package dev.aperture.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aperture.testing.AppFixture;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole app behind a reverse proxy on this host (the test's connections come from 127.0.0.1). */
class BehindProxyTest {

    private static final String LOGIN = "{\"username\":\"admin\",\"password\":\"" + AppFixture.ADMIN_PASSWORD + "\"}";

    private static String sessionCookie(RestClient.Reply login) {
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return login.headers().get("set-cookie").stream().filter(c -> c.startsWith("aperture_session=")).findFirst()
                .orElseThrow();
    }

    private static RestClient via(AppFixture f, String... headers) {
        Map<String, String> h = new java.util.HashMap<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        return new RestClient(f.baseUrl(), h);
    }

    @Test
    void the_session_cookie_is_secure_when_a_trusted_proxy_says_the_browser_used_https() {
        try (AppFixture f = new AppFixture(TestDatabases.SQLITE, Map.of("APERTURE_TRUSTED_PROXIES", "127.0.0.1"))) {
            String https = sessionCookie(via(f, "X-Forwarded-Proto", "https").post("/api/auth/login", LOGIN));
            assertThat(https).contains("; Secure").contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
            String http = sessionCookie(via(f, "X-Forwarded-Proto", "http").post("/api/auth/login", LOGIN));
            assertThat(http).doesNotContain("Secure").contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
            assertThat(formLogin(f, "https")).contains("; Secure").contains("HttpOnly");
        }
    }

    @Test
    void a_client_talking_to_aperture_directly_cannot_claim_https_or_another_address() {
        try (AppFixture f = new AppFixture(TestDatabases.SQLITE)) {
            String cookie = sessionCookie(via(f, "X-Forwarded-Proto", "https").post("/api/auth/login", LOGIN));
            assertThat(cookie).doesNotContain("Secure").contains("HttpOnly");
            // With the headers ignored, the failures from "different" addresses all count against 127.0.0.1.
            for (int i = 0; i < 5; i++) {
                assertThat(via(f, "X-Forwarded-For", "203.0.113." + i).post("/api/auth/login",
                        "{\"username\":\"admin\",\"password\":\"wrong\"}").status()).isEqualTo(401);
            }
            assertThat(via(f, "X-Forwarded-For", "198.51.100.7").post("/api/auth/login", LOGIN).status()).isEqualTo(429);
        }
    }

    @Test
    void behind_a_trusted_proxy_one_attacker_locks_out_only_their_own_address() {
        try (AppFixture f = new AppFixture(TestDatabases.SQLITE, Map.of("APERTURE_TRUSTED_PROXIES", "127.0.0.0/8"))) {
            RestClient attacker = via(f, "X-Forwarded-For", "203.0.113.66");
            for (int i = 0; i < 5; i++) {
                assertThat(attacker.post("/api/auth/login", "{\"username\":\"admin\",\"password\":\"wrong\"}").status())
                        .isEqualTo(401);
            }
            assertThat(attacker.post("/api/auth/login", LOGIN).status()).isEqualTo(429);
            sessionCookie(via(f, "X-Forwarded-For", "198.51.100.7").post("/api/auth/login", LOGIN));
        }
    }

    @Test
    void an_unreadable_proxy_list_stops_start_up_naming_the_variable() {
        assertThatThrownBy(() -> new AppFixture(TestDatabases.SQLITE, Map.of("APERTURE_TRUSTED_PROXIES", "my-proxy")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("APERTURE_TRUSTED_PROXIES");
    }

    /** The login form, as a browser behind the proxy posts it; answers the session cookie it set. */
    private static String formLogin(AppFixture f, String proto) {
        String form = "username=admin&password=" + URLEncoder.encode(AppFixture.ADMIN_PASSWORD, StandardCharsets.UTF_8);
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(f.baseUrl() + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("X-Forwarded-Proto", proto)
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(303);
            return r.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("aperture_session="))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
