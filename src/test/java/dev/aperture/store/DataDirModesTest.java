package dev.aperture.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.testing.ApertureProcess;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.RestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * The modes of the data directory and the database files after a real start of {@code dev.aperture.Main}
 * in its own process (with the test JVM's umask, usually 022, which would otherwise give 0755 and 0644).
 */
@Tag("slow")
class DataDirModesTest {

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static Map<String, String> env(Path dataDir) {
        return Map.of("APERTURE_DATA_DIR", dataDir.toString(), "APERTURE_ADMIN_PASSWORD", AppFixture.ADMIN_PASSWORD,
                "APERTURE_HOST", "127.0.0.1");
    }

    private static void logIn(ApertureProcess process) {
        // A login writes a session row, so the write-ahead log is in use.
        RestClient.Reply login = RestClient.anonymous(process.baseUrl()).post("/api/auth/login",
                "{\"username\":\"admin\",\"password\":\"" + AppFixture.ADMIN_PASSWORD + "\"}");
        assertThat(login.status()).isEqualTo(200);
    }

    @Test
    void a_fresh_data_directory_is_0700_and_the_database_its_wal_and_shm_and_the_key_are_0600() throws Exception {
        Path parent = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "datadir-modes-");
        Path dataDir = parent.resolve("nested").resolve("data");
        try (ApertureProcess process = ApertureProcess.start(env(dataDir))) {
            logIn(process);
            assertThat(mode(dataDir)).isEqualTo("rwx------");
            assertThat(mode(dataDir.getParent())).as("created parents too").isEqualTo("rwx------");
            for (String file : new String[] {"aperture.db", "aperture.db-wal", "aperture.db-shm", "secret.key"}) {
                assertThat(dataDir.resolve(file)).as(file).exists();
                assertThat(mode(dataDir.resolve(file))).as(file).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void database_files_an_earlier_version_left_readable_to_others_are_narrowed_at_start() throws Exception {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "datadir-old-");
        try (ApertureProcess process = ApertureProcess.start(env(dataDir))) {
            logIn(process);
        }
        Path db = dataDir.resolve("aperture.db");
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (ApertureProcess process = ApertureProcess.start(env(dataDir))) {
            logIn(process);
            assertThat(mode(db)).isEqualTo("rw-------");
            assertThat(mode(dataDir.resolve("aperture.db-wal"))).isEqualTo("rw-------");
            // An existing directory may be a mount point the admin set up: it is left alone, with a warning.
            assertThat(mode(dataDir)).isEqualTo("rwxr-xr-x");
            assertThat(process.output()).contains("data directory").contains("accessible to other users");
        }
    }
}
