package dev.aperture.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.testing.ApertureProcess;
import dev.aperture.testing.RestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * The attacks that exhausted memory, against Aperture as its own process with the heap flags
 * {@code scripts/start} gives it (Serial GC, 160 MB): huge usernames and parallel logins.
 */
@Tag("slow")
class LoginOnSmallHeapTest {

    private static final String PASSWORD = "small-heap-admin-password";
    private static final List<String> START_FLAGS = List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx160m",
            "-XX:+ExitOnOutOfMemoryError");

    @Test
    void on_a_160_mb_heap_60_logins_with_2_mb_usernames_and_30_parallel_logins_leave_the_admin_able_to_log_in()
            throws Exception {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "small-heap-");
        try (ApertureProcess aperture = ApertureProcess.start(Map.of(
                "APERTURE_DATA_DIR", dataDir.toString(), "APERTURE_ADMIN_PASSWORD", PASSWORD,
                "APERTURE_HOST", "127.0.0.1"), START_FLAGS)) {
            HttpClient http = HttpClient.newHttpClient();
            String huge = "x".repeat(2 << 20);
            for (int i = 0; i < 60; i++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(aperture.baseUrl()
                                + "/api/auth/login")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + huge + i
                                + "\",\"password\":\"guess\"}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as("login %d: %s", i, r.body()).isEqualTo(400);
            }

            String login = "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}";
            ExecutorService pool = Executors.newFixedThreadPool(30);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> replies = new ArrayList<>();
            try {
                for (int i = 0; i < 30; i++) {
                    replies.add(pool.submit(() -> {
                        go.await();
                        return http.send(HttpRequest.newBuilder(URI.create(aperture.baseUrl() + "/api/auth/login"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(login)).build(),
                                HttpResponse.BodyHandlers.ofString()).statusCode();
                    }));
                }
                go.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> f : replies) {
                    statuses.add(f.get());
                }
                org.slf4j.LoggerFactory.getLogger(LoginOnSmallHeapTest.class).info("30 parallel correct logins on -Xmx160m: {}", statuses);
                assertThat(statuses).allMatch(s -> s == 200 || s == 429).contains(200);
            } finally {
                pool.shutdownNow();
            }

            RestClient.Reply admin = RestClient.anonymous(aperture.baseUrl()).post("/api/auth/login", login);
            assertThat(admin.status()).as(admin.body()).isEqualTo(200);
            assertThat(aperture.output()).doesNotContain("OutOfMemoryError").doesNotContain("x".repeat(100));
        }
    }
}
