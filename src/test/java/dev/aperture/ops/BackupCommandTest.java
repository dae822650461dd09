package dev.aperture.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Occurrence;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.RequestDetails;
import dev.aperture.calls.ServiceId;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BackupCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void a_backup_during_a_storm_of_writes_passes_integrity_check_and_holds_every_alert_committed_before_it()
            throws Exception {
        try (AppFixture f = new AppFixture(TestDatabases.SQLITE)) {
            ConcurrentLinkedQueue<String> committed = new ConcurrentLinkedQueue<>();
            AtomicBoolean storming = new AtomicBoolean(true);
            ExecutorService writers = Executors.newFixedThreadPool(4);
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.submit(() -> {
                    for (int n = 0; storming.get(); n++) {
                        String subject = "writer" + writer + "-" + n;
                        // A new subject is a new alert, written before record() returns.
                        f.app.alerts.record(failure(subject, f.clock.instant()));
                        committed.add(subject);
                    }
                });
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> committed.size() >= 60);
            Set<String> beforeBackup = new HashSet<>(committed);
            Path copy = Files.createTempDirectory("aperture-backup").resolve("aperture-backup.db");

            int code = command(copy).run(env(f), new PrintWriter(out, true), new PrintWriter(err, true));
            int afterBackup = committed.size();
            await().atMost(Duration.ofSeconds(120)).until(() -> committed.size() > afterBackup + 20);
            storming.set(false);
            writers.shutdown();
            assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            assertThat(code).as(err.toString()).isZero();
            assertThat(afterBackup).as("writes went on while the backup ran").isGreaterThan(beforeBackup.size());
            assertThat(integrityCheck(copy)).isEqualTo("ok");
            List<String> backedUp = subjects(copy);
            assertThat(backedUp).containsAll(beforeBackup);
            assertThat(backedUp.size()).isLessThan(committed.size());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy))).isEqualTo("rw-------");
            assertThat(out.toString()).contains("integrity ok").contains("secret.key");
        }
    }

    @Test
    void a_backup_never_overwrites_an_existing_file() throws Exception {
        try (AppFixture f = new AppFixture(TestDatabases.SQLITE)) {
            Path existing = Files.createTempFile("aperture-backup", ".db");
            Files.writeString(existing, "last week's backup");

            int code = command(existing).run(env(f), new PrintWriter(out, true), new PrintWriter(err, true));

            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).contains(existing.toString()).contains("already exists");
            assertThat(Files.readString(existing)).isEqualTo("last week's backup");
        }
    }

    @Test
    void with_postgresql_it_prints_the_pg_dump_command_without_the_password_and_writes_nothing() throws Exception {
        Path target = Files.createTempDirectory("aperture-backup").resolve("aperture.dump");
        Map<String, String> env = Map.of("APERTURE_DATA_DIR", Files.createTempDirectory("aperture-data").toString(),
                "APERTURE_DATABASE_URL", "jdbc:postgresql://db.lan:5433/aperture?user=aperture&password=s3cret-pw");

        int code = command(target).run(env, new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(code).isEqualTo(3);
        assertThat(out.toString())
                .contains("pg_dump --format=custom --host=db.lan --port=5433 --username=aperture --dbname=aperture "
                        + "--file=" + target)
                .contains("secret.key")
                .doesNotContain("s3cret-pw");
        assertThat(target).doesNotExist();
    }

    private static BackupCommand command(Path target) {
        BackupCommand c = new BackupCommand();
        c.target = target;
        return c;
    }

    static Map<String, String> env(AppFixture f) {
        return Map.of("APERTURE_DATA_DIR", f.db.dataDir().toString());
    }

    static Occurrence failure(String subject, java.time.Instant at) {
        // TMDb's documented answer to a bad key (developer.themoviedb.org, "Errors": status_code 7).
        Outcome.Failure f = new Outcome.Failure(ErrorType.AUTHENTICATION, "7", 401,
                "Invalid API key: You must be granted a valid key.", "Check the key", Optional.empty(), subject);
        return new Occurrence(ServiceId.TMDB, f, new RequestDetails("GET", "https://api.themoviedb.org/3/configuration",
                Map.of("Accept", "application/json"), 401,
                "{\"status_code\":7,\"status_message\":\"Invalid API key: You must be granted a valid key.\"}", 12),
                null, at);
    }

    static String integrityCheck(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
            r.next();
            return r.getString(1);
        }
    }

    private static List<String> subjects(Path db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT subject FROM alerts")) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }
}
