package dev.aperture.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.testing.AppFixture;
import dev.aperture.testing.TestDatabases;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestoreCommandTest {

    private static final Clock RESTORED_AT = Clock.fixed(Instant.parse("2026-03-15T04:05:06Z"), ZoneOffset.UTC);

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void a_restore_brings_back_the_backed_up_settings_and_keeps_the_database_it_replaced() throws Exception {
        TestDatabases.Target db = TestDatabases.SQLITE.create();
        AppFixture before = new AppFixture(db, Map.of(), false);
        saveTmdbBaseUrl(before, "http://127.0.0.1:9/backed-up");
        Path backup = backup(before);
        saveTmdbBaseUrl(before, "http://127.0.0.1:9/changed-after-the-backup");
        before.app.close();

        int code = restore(backup).run(BackupCommandTest.env(before), RESTORED_AT, new PrintWriter(out, true),
                new PrintWriter(err, true));

        assertThat(code).as(err.toString()).isZero();
        Path kept = db.dataDir().resolve("aperture.db.before-restore-20260315-040506");
        assertThat(kept).exists();
        assertThat(out.toString()).contains(kept.toString()).contains("secret.key");
        try (AppFixture after = new AppFixture(db, Map.of(), true)) {
            assertThat(after.api.get("/api/integrations/tmdb").json().at("/settings/baseUrl").asText())
                    .isEqualTo("http://127.0.0.1:9/backed-up");
            // The key in the restored file still opens with the data dir's secret.key: masked, not lost.
            assertThat(after.api.get("/api/integrations/tmdb").json().at("/settings/apiKey").asText())
                    .endsWith("-key").doesNotContain("restore-test");
        }
    }

    @Test
    void a_restore_is_refused_while_a_server_uses_the_data_dir() throws Exception {
        try (AppFixture running = new AppFixture(TestDatabases.SQLITE)) {
            saveTmdbBaseUrl(running, "http://127.0.0.1:9/backed-up");
            Path backup = backup(running);
            saveTmdbBaseUrl(running, "http://127.0.0.1:9/current");

            int code = restore(backup).run(BackupCommandTest.env(running), RESTORED_AT, new PrintWriter(out, true),
                    new PrintWriter(err, true));

            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).contains("A running Aperture uses").contains("stop it first");
            assertThat(running.api.get("/api/integrations/tmdb").json().at("/settings/baseUrl").asText())
                    .isEqualTo("http://127.0.0.1:9/current");
            assertThat(running.db.dataDir().resolve("aperture.db.before-restore-20260315-040506")).doesNotExist();
        }
    }

    @Test
    void a_damaged_backup_is_refused_before_anything_is_replaced() throws Exception {
        TestDatabases.Target db = TestDatabases.SQLITE.create();
        AppFixture before = new AppFixture(db, Map.of(), false);
        saveTmdbBaseUrl(before, "http://127.0.0.1:9/current");
        Path backup = backup(before);
        before.app.close();
        long dbSize = Files.size(db.dataDir().resolve("aperture.db"));
        // Garbage over the second half of the file: b-tree pages SQLite's integrity check walks.
        try (RandomAccessFile raf = new RandomAccessFile(backup.toFile(), "rw")) {
            raf.seek(raf.length() / 2);
            raf.write(new byte[(int) (raf.length() / 2)]);
            raf.seek(raf.length() / 2);
            raf.write("not a b-tree page".repeat(200).getBytes());
        }

        int code = restore(backup).run(BackupCommandTest.env(before), RESTORED_AT, new PrintWriter(out, true),
                new PrintWriter(err, true));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains(backup.toString()).contains("nothing was changed");
        assertThat(Files.size(db.dataDir().resolve("aperture.db"))).isEqualTo(dbSize);
        assertThat(db.dataDir().resolve("aperture.db.before-restore-20260315-040506")).doesNotExist();
        try (AppFixture after = new AppFixture(db, Map.of(), true)) {
            assertThat(after.api.get("/api/integrations/tmdb").json().at("/settings/baseUrl").asText())
                    .isEqualTo("http://127.0.0.1:9/current");
        }
    }

    @Test
    void a_file_that_is_no_sqlite_database_is_refused() throws Exception {
        TestDatabases.Target db = TestDatabases.SQLITE.create();
        AppFixture before = new AppFixture(db, Map.of(), false);
        before.app.close();
        long dbSize = Files.size(db.dataDir().resolve("aperture.db"));
        Path notes = Files.createTempFile("aperture-notes", ".db");
        Files.writeString(notes, "this is a shopping list, not a database\n".repeat(100));

        int code = restore(notes).run(BackupCommandTest.env(before), RESTORED_AT, new PrintWriter(out, true),
                new PrintWriter(err, true));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("is not a readable SQLite database").contains("nothing was changed");
        assertThat(Files.size(db.dataDir().resolve("aperture.db"))).isEqualTo(dbSize);
    }

    @Test
    void with_postgresql_it_prints_the_pg_restore_command_without_the_password() throws Exception {
        Path dump = Files.createTempFile("aperture", ".dump");
        Map<String, String> env = Map.of("APERTURE_DATA_DIR", Files.createTempDirectory("aperture-data").toString(),
                "APERTURE_DATABASE_URL", "jdbc:postgresql://db.lan:5433/aperture?user=aperture&password=s3cret-pw");

        int code = restore(dump).run(env, RESTORED_AT, new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(code).isEqualTo(3);
        assertThat(out.toString()).contains("pg_restore --clean --if-exists --no-owner --host=db.lan --port=5433 "
                + "--username=aperture --dbname=aperture " + dump).doesNotContain("s3cret-pw");
    }

    private static void saveTmdbBaseUrl(AppFixture f, String url) {
        assertThat(f.api.put("/api/integrations/tmdb", "{\"apiKey\":\"restore-test-key\",\"baseUrl\":\"" + url
                + "\",\"enabled\":false}").status()).isEqualTo(200);
    }

    private Path backup(AppFixture f) throws Exception {
        BackupCommand c = new BackupCommand();
        c.target = Files.createTempDirectory("aperture-backup").resolve("backup.db");
        assertThat(c.run(BackupCommandTest.env(f), new PrintWriter(out, true), new PrintWriter(err, true)))
                .as(err.toString()).isZero();
        return c.target;
    }

    private static RestoreCommand restore(Path source) {
        RestoreCommand c = new RestoreCommand();
        c.source = source;
        return c;
    }
}
