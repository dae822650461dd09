package dev.aperture.ops;

import dev.aperture.Config;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code aperture restore FILE}: puts a backup in place of the SQLite database. Refused while a server uses the
 * data dir (it holds {@link ServerLock}) and for a file that fails {@code PRAGMA integrity_check} or holds no
 * Aperture schema. The database it replaces is kept beside it, renamed, so a wrong restore can be undone.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Replace the SQLite database with FILE (made by 'aperture backup'). Stop Aperture first: "
                + "this refuses while a server uses the data dir. The database it replaces is kept as "
                + "aperture.db.before-restore-<time>. The data dir's secret.key must be the one of the backup.",
                "With PostgreSQL it prints the pg_restore command to use instead and exits 3."})
public final class RestoreCommand implements Callable<Integer> {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    @Parameters(paramLabel = "FILE", description = "A backup made by 'aperture backup'.")
    Path source;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return run(System.getenv(), Clock.systemUTC(), spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    int run(Map<String, String> env, Clock clock, PrintWriter out, PrintWriter err) {
        Optional<Config> read = CommandConfig.read(env, err);
        if (read.isEmpty()) {
            return 2;
        }
        Config config = read.get();
        if (config.databaseUrl().isPresent()) {
            out.println("Aperture uses PostgreSQL; stop every instance, then restore a pg_dump file with:");
            out.println("  " + PgCommands.restore(config.databaseUrl().get(), source));
            return 3;
        }
        if (!Files.isRegularFile(source)) {
            err.println("There is no file " + source + "; nothing was changed.");
            return 1;
        }
        try {
            String check = SqliteFiles.integrityCheck(source);
            if (!check.equals("ok")) {
                err.println(source + " fails PRAGMA integrity_check (" + check + "); nothing was changed.");
                return 1;
            }
            if (!SqliteFiles.isAperture(source)) {
                err.println(source + " is an SQLite file but not an Aperture database; nothing was changed.");
                return 1;
            }
        } catch (SQLException e) {
            err.println(source + " is not a readable SQLite database (" + e.getMessage() + "); nothing was changed.");
            return 1;
        }
        if (!Files.isDirectory(config.dataDir())) {
            err.println("There is no data dir " + config.dataDir() + " (APERTURE_DATA_DIR); nothing was changed.");
            return 1;
        }
        Optional<ServerLock> exclusive = ServerLock.tryExclusive(config.dataDir());
        if (exclusive.isEmpty()) {
            err.println("A running Aperture uses " + config.dataDir() + " (it holds " + ServerLock.FILE
                    + "); stop it first. Nothing was changed.");
            return 1;
        }
        // Held until the new file is in place: a server starting meanwhile waits for it.
        try (ServerLock held = exclusive.get()) {
            Path kept = replace(config.dataDir(), source, STAMP.format(clock.instant()));
            out.println("Restored " + source + " into " + SqliteFiles.database(config.dataDir())
                    + (kept == null ? "." : "; the database it replaced is kept as " + kept + "."));
            out.println("Start Aperture with the secret.key (or APERTURE_SECRET_KEY) of that backup, or its stored "
                    + "API keys cannot be read.");
            return 0;
        } catch (IOException e) {
            err.println("Restore failed: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Copies next to the database first, so the final step is one rename on the same file system. The old
     * file's {@code -wal} goes with it (it may hold its last commits) and its {@code -shm} is dropped: SQLite
     * must not apply either to the restored file.
     */
    private static Path replace(Path dataDir, Path source, String stamp) throws IOException {
        Path db = SqliteFiles.database(dataDir);
        Path incoming = dataDir.resolve("aperture.db.restoring");
        Files.deleteIfExists(incoming);
        dev.aperture.store.DataDir.privateFile(incoming);
        Files.copy(source, incoming, StandardCopyOption.REPLACE_EXISTING);
        Path kept = null;
        if (Files.exists(db)) {
            kept = dataDir.resolve("aperture.db.before-restore-" + stamp);
            Files.move(db, kept);
            Path wal = dataDir.resolve("aperture.db-wal");
            if (Files.exists(wal)) {
                Files.move(wal, dataDir.resolve(kept.getFileName() + "-wal"));
            }
        }
        Files.deleteIfExists(dataDir.resolve("aperture.db-shm"));
        Files.move(incoming, db, StandardCopyOption.ATOMIC_MOVE);
        return kept;
    }
}
