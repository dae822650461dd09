package dev.aperture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aperture.testing.RestClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The real process, started as a user would, with nothing but the data dir and port set. */
class StartupTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(Process process, Path log) {
        List<String> lines() throws IOException {
            return Files.readAllLines(log);
        }
    }

    private static Run start(Path dataDir, int port, String format, String... extraEnv) throws IOException {
        Path log = Files.createTempFile("aperture-stdout", ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.aperture.Main")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("APERTURE_"));
        env.put("APERTURE_DATA_DIR", dataDir.toString());
        env.put("APERTURE_PORT", String.valueOf(port));
        env.put("APERTURE_LOG_FORMAT", format);
        for (int i = 0; i < extraEnv.length; i += 2) {
            env.put(extraEnv[i], extraEnv[i + 1]);
        }
        return new Run(pb.start(), log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void first_start_creates_the_data_dir_a_0600_key_and_an_admin_whose_password_is_printed_once() throws Exception {
        Path dataDir = Files.createTempDirectory("aperture-start").resolve("data");
        int port = freePort();
        Run first = start(dataDir, port, "json");
        String password;
        try {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                    RestClient.anonymous("http://127.0.0.1:" + port).get("/api/health").status() == 200);
            List<String> lines = first.lines();
            assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(JSON.readTree(l).has("level")).isTrue());
            String joined = String.join("\n", lines);
            Matcher m = Pattern.compile("generated password (\\S+)").matcher(joined);
            assertThat(m.find()).as("password printed").isTrue();
            password = m.group(1);
            assertThat(Files.exists(dataDir.resolve("aperture.db"))).isTrue();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("secret.key"))))
                    .isEqualTo("rw-------");
            RestClient.loggedIn("http://127.0.0.1:" + port, "admin", password);
        } finally {
            first.process().destroy();
            first.process().waitFor();
        }
        Run second = start(dataDir, port, "text");
        try {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                    RestClient.anonymous("http://127.0.0.1:" + port).get("/api/health").status() == 200);
            assertThat(String.join("\n", second.lines())).doesNotContain("generated password").contains("listening");
            RestClient.loggedIn("http://127.0.0.1:" + port, "admin", password);
        } finally {
            second.process().destroy();
            second.process().waitFor();
        }
    }

    @Test
    void a_bad_setting_stops_start_up_with_a_clear_message() throws Exception {
        Path dataDir = Files.createTempDirectory("aperture-start");
        Run run = start(dataDir, freePort(), "loud");
        assertThat(run.process().waitFor()).isEqualTo(2);
        assertThat(String.join("\n", run.lines())).contains("APERTURE_LOG_FORMAT must be text or json");
    }

    @Test
    void a_secret_key_other_than_the_one_the_database_was_sealed_with_stops_start_up() throws Exception {
        Path dataDir = Files.createTempDirectory("aperture-key").resolve("data");
        int port = freePort();
        Run first = start(dataDir, port, "text", "APERTURE_SECRET_KEY", "the first key");
        try {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                    RestClient.anonymous("http://127.0.0.1:" + port).get("/api/health").status() == 200);
        } finally {
            first.process().destroy();
            first.process().waitFor();
        }

        Run other = start(dataDir, port, "text", "APERTURE_SECRET_KEY", "another key");

        assertThat(other.process().waitFor()).isEqualTo(2);
        assertThat(String.join("\n", other.lines()))
                .contains("APERTURE_SECRET_KEY does not open the secrets stored in this database")
                .doesNotContain("the first key").doesNotContain("another key").doesNotContain("Exception");
    }
}
