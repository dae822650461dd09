package dev.aperture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aperture.testing.ApertureProcess;
import dev.aperture.testing.RestClient;
import dev.aperture.web.PortFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** The real process, started as a user would, with nothing but the data dir and port set. */
@Tag("slow")
class StartupTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = ApertureProcess.START;

    record Run(Process process, Path log) {
        List<String> lines() throws IOException {
            return Files.readAllLines(log);
        }
    }

    /** Started on port 0: the process binds a free port itself and says which in its data dir and its log. */
    private static Run start(Path dataDir, String format, String... extraEnv) throws IOException {
        Path log = Files.createTempFile("aperture-stdout", ".log");
        ProcessBuilder pb = new ProcessBuilder(ApertureProcess.javaCommand(List.of())).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("APERTURE_"));
        env.put("APERTURE_DATA_DIR", dataDir.toString());
        env.put("APERTURE_PORT", "0");
        env.put("APERTURE_LOG_FORMAT", format);
        for (int i = 0; i < extraEnv.length; i += 2) {
            env.put(extraEnv[i], extraEnv[i + 1]);
        }
        Files.deleteIfExists(dataDir.resolve(PortFile.NAME));
        return new Run(pb.start(), log);
    }

    /** Waits for the port file and for /api/health there; the address of the running process. */
    private static String awaitHealthy(Run run, Path dataDir) {
        // A JVM start on a busy 2-core machine (a CI runner, or tests run under nice) has taken over a minute.
        int port = await().atMost(START).ignoreExceptions().until(() -> {
            assertThat(run.process().isAlive()).as("still running").isTrue();
            return ApertureProcess.portIn(dataDir);
        }, p -> p > 0);
        String base = "http://127.0.0.1:" + port;
        await().atMost(START).ignoreExceptions().until(() ->
                RestClient.anonymous(base).get("/api/health").status() == 200);
        return base;
    }

    @Test
    void first_start_creates_the_data_dir_a_0600_key_and_an_admin_whose_password_is_printed_once() throws Exception {
        Path dataDir = Files.createTempDirectory("aperture-start").resolve("data");
        Run first = start(dataDir, "json");
        String password;
        try {
            String base = awaitHealthy(first, dataDir);
            List<String> lines = first.lines();
            // The port file and the log line name the same port, the one that answered.
            assertThat(lines).anySatisfy(l -> assertThat(JSON.readTree(l).get("formattedMessage").asText())
                    .isEqualTo("Aperture listening on http://localhost:" + base.substring(base.lastIndexOf(':') + 1)
                            + " (database: sqlite)"));
            assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(JSON.readTree(l).has("level")).isTrue());
            String joined = String.join("\n", lines);
            Matcher m = Pattern.compile("generated password (\\S+)").matcher(joined);
            assertThat(m.find()).as("password printed").isTrue();
            password = m.group(1);
            assertThat(Files.exists(dataDir.resolve("aperture.db"))).isTrue();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("secret.key"))))
                    .isEqualTo("rw-------");
            RestClient.loggedIn(base, "admin", password);
        } finally {
            first.process().destroy();
            first.process().waitFor();
        }
        assertThat(dataDir.resolve(PortFile.NAME)).as("removed at a clean stop").doesNotExist();
        Run second = start(dataDir, "text");
        try {
            String base = awaitHealthy(second, dataDir);
            assertThat(String.join("\n", second.lines())).doesNotContain("generated password").contains("listening");
            RestClient.loggedIn(base, "admin", password);
        } finally {
            second.process().destroy();
            second.process().waitFor();
        }
    }

    @Test
    void a_bad_setting_stops_start_up_with_a_clear_message() throws Exception {
        Path dataDir = Files.createTempDirectory("aperture-start");
        Run run = start(dataDir, "loud");
        assertThat(run.process().waitFor()).isEqualTo(2);
        assertThat(String.join("\n", run.lines())).contains("APERTURE_LOG_FORMAT must be text or json");
    }

    @Test
    void a_secret_key_other_than_the_one_the_database_was_sealed_with_stops_start_up() throws Exception {
        Path dataDir = Files.createTempDirectory("aperture-key").resolve("data");
        Run first = start(dataDir, "text", "APERTURE_SECRET_KEY", "the first key");
        try {
            awaitHealthy(first, dataDir);
        } finally {
            first.process().destroy();
            first.process().waitFor();
        }

        Run other = start(dataDir, "text", "APERTURE_SECRET_KEY", "another key");

        assertThat(other.process().waitFor()).isEqualTo(2);
        assertThat(String.join("\n", other.lines()))
                .contains("APERTURE_SECRET_KEY does not open the secrets stored in this database")
                .doesNotContain("the first key").doesNotContain("another key").doesNotContain("Exception");
    }
}
