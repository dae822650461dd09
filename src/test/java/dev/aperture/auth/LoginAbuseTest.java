package dev.aperture.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The login form against an attacker, on the real server: huge usernames, parallel bursts, and
 * pressure from thousands of other usernames must neither exhaust memory nor lift the admin's lock.
 */
class LoginAbuseTest {

    private static final String ADMIN_LOGIN = "{\"username\":\"admin\",\"password\":\"" + AppFixture.ADMIN_PASSWORD
            + "\"}";

    private AppFixture fixture;
    private RestClient anonymous;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        fixture = new AppFixture(TestDatabases.SQLITE);
        anonymous = RestClient.anonymous(fixture.baseUrl());
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private HttpResponse<String> postLogin(String path, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(fixture.baseUrl() + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void sixty_logins_with_2_mb_usernames_are_refused_with_400_before_any_work_and_the_admin_then_logs_in()
            throws Exception {
        String huge = "x".repeat(2 << 20);
        long evaluationsBefore = fixture.app.accounts.passwordEvaluations();
        for (int i = 0; i < 60; i++) {
            HttpResponse<String> r = i % 2 == 0
                    ? postLogin("/api/auth/login", "application/json",
                            "{\"username\":\"" + huge + i + "\",\"password\":\"guess\"}")
                    : postLogin("/login", "application/x-www-form-urlencoded", "username=" + huge + i + "&password=guess");
            assertThat(r.statusCode()).as("login %d", i).isEqualTo(400);
            if (i % 2 == 0) {
                assertThat(r.body()).contains("body: must be at most 4096 bytes");
            }
        }
        RestClient.Reply tooLong = anonymous.post("/api/auth/login",
                "{\"username\":\"" + "u".repeat(257) + "\",\"password\":\"guess\"}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("error").asText()).isEqualTo("username: must be at most 256 characters");

        assertThat(fixture.app.accounts.passwordEvaluations()).isEqualTo(evaluationsBefore);
        assertThat(fixture.app.logins.throttle().locksInForce()).isZero();
        RestClient.Reply admin = anonymous.post("/api/auth/login", ADMIN_LOGIN);
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.json().get("username").asText()).isEqualTo("admin");
    }

    @Test
    void thirty_parallel_wrong_guesses_get_no_5xx_and_at_most_five_are_evaluated() throws Exception {
        long evaluationsBefore = fixture.app.accounts.passwordEvaluations();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        ExecutorService pool = Executors.newFixedThreadPool(30);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> replies = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                String body = "{\"username\":\"admin\",\"password\":\"guess-" + i + "\"}";
                replies.add(pool.submit(() -> {
                    go.await();
                    return postLogin("/api/auth/login", "application/json", body);
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            List<String> bodies = new ArrayList<>();
            for (Future<HttpResponse<String>> f : replies) {
                HttpResponse<String> r = f.get();
                statuses.add(r.statusCode());
                bodies.add(r.body());
                if (r.statusCode() == 429) {
                    assertThat(r.headers().firstValue("Retry-After")).as(r.body()).isPresent();
                }
            }
            long evaluated = fixture.app.accounts.passwordEvaluations() - evaluationsBefore;
            LoggerFactory.getLogger(LoginAbuseTest.class).info("30 parallel wrong logins: statuses {}, {} passwords evaluated", statuses, evaluated);
            assertThat(statuses).allMatch(s -> s == 401 || s == 429);
            assertThat(statuses).filteredOn(s -> s == 401).hasSizeLessThanOrEqualTo(LoginThrottle.Tier
                    .CLIENT_AND_USERNAME.limit);
            assertThat(evaluated).isBetween(1L, (long) LoginThrottle.Tier.CLIENT_AND_USERNAME.limit);
            // A refusal for being busy costs the caller nothing: within the minute (the test clock stands still)
            // only the first one is logged, so an unauthenticated flood cannot grow the log line by line.
            long busy = bodies.stream().filter(b -> b.contains("too many logins at once")).count();
            long busyLines = logs.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(l -> l.contains("passwords already being checked")).count();
            assertThat(busyLines).as("%d busy refusals", busy).isEqualTo(busy > 0 ? 1 : 0);
        } finally {
            pool.shutdownNow();
            root.detachAppender(logs);
        }
        // Guesses turned away as busy were never checked and do not count; the next ones are, until the window
        // of five is full: five evaluations in all, however the guesses arrive.
        int sequential = 0;
        while (anonymous.post("/api/auth/login", "{\"username\":\"admin\",\"password\":\"more\"}").status() != 429) {
            sequential++;
            assertThat(sequential).isLessThanOrEqualTo(LoginThrottle.Tier.CLIENT_AND_USERNAME.limit);
        }
        assertThat(fixture.app.accounts.passwordEvaluations() - evaluationsBefore)
                .isEqualTo(LoginThrottle.Tier.CLIENT_AND_USERNAME.limit);
        assertThat(anonymous.post("/api/auth/login", ADMIN_LOGIN).status()).isEqualTo(429);
        fixture.clock.advance(LoginThrottle.WINDOW.plusSeconds(1));
        assertThat(anonymous.post("/api/auth/login", ADMIN_LOGIN).status()).isEqualTo(200);
    }

    @Test
    void the_admins_lock_holds_after_ten_thousand_failed_logins_for_other_usernames_from_other_addresses() {
        for (int i = 0; i < 5; i++) {
            assertThat(anonymous.post("/api/auth/login", "{\"username\":\"admin\",\"password\":\"guess-" + i + "\"}")
                    .status()).isEqualTo(401);
        }
        assertThat(anonymous.post("/api/auth/login", ADMIN_LOGIN).status()).isEqualTo(429);

        // The other logins go to the server's own throttle directly: through HTTP each would cost an Argon2 check.
        LoginThrottle throttle = fixture.app.logins.throttle();
        int admitted = 0;
        for (int i = 0; i < 10_000; i++) {
            LoginThrottle.Admission a = throttle.admit("10.1." + (i / 250) + "." + (i % 250), "random-user-" + i);
            if (a instanceof LoginThrottle.Admission.Admitted in) {
                throttle.failed(in.ticket());
                admitted++;
            }
        }
        assertThat(admitted).isEqualTo(10_000);

        RestClient.Reply refused = anonymous.post("/api/auth/login", ADMIN_LOGIN);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().get("retry-after")).isNotEmpty();
        fixture.clock.advance(LoginThrottle.WINDOW.plusSeconds(1));
        assertThat(anonymous.post("/api/auth/login", ADMIN_LOGIN).status()).isEqualTo(200);
    }

    @Test
    void an_unknown_username_costs_one_password_evaluation_like_a_known_one() {
        long before = fixture.app.accounts.passwordEvaluations();
        assertThat(anonymous.post("/api/auth/login", "{\"username\":\"nobody-here\",\"password\":\"guess\"}").status())
                .isEqualTo(401);
        assertThat(fixture.app.accounts.passwordEvaluations()).isEqualTo(before + 1);
        assertThat(anonymous.post("/api/auth/login", "{\"username\":\"admin\",\"password\":\"guess\"}").status())
                .isEqualTo(401);
        assertThat(fixture.app.accounts.passwordEvaluations()).isEqualTo(before + 2);
    }

    @Test
    void failures_and_lock_outs_are_logged_with_the_username_escaped_and_never_the_password() {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        try {
            for (int i = 0; i < 6; i++) {
                anonymous.post("/api/auth/login", "{\"username\":\"eve\\nFAKE admin logged in\",\"password\":"
                        + "\"secret-guess-" + i + "\"}");
            }
        } finally {
            root.detachAppender(logs);
        }
        List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).filteredOn(l -> l.startsWith("login failed")).hasSize(5)
                .allMatch(l -> l.contains("user \"eve\\u000aFAKE admin logged in\""))
                .allMatch(l -> l.contains("client \"127.0.0.1\""));
        assertThat(lines).filteredOn(l -> l.startsWith("login locked out")).hasSize(1);
        assertThat(lines).noneMatch(l -> l.contains("secret-guess")).noneMatch(l -> l.contains("\n"));
    }
}
