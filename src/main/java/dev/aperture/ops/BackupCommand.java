package dev.aperture.ops;

import dev.aperture.Config;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code aperture backup FILE}: a consistent copy of the SQLite database while the server runs. SQLite's
 * {@code VACUUM INTO} reads one snapshot (WAL readers never block the writer, nor it them), so writes carry on
 * and the copy holds everything committed before it began, compacted, with no WAL beside it.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Copy the SQLite database to FILE while Aperture runs (a consistent snapshot; FILE must not "
                + "exist). Keep secret.key or APERTURE_SECRET_KEY with it: without the key the stored API keys "
                + "cannot be read.",
                "With PostgreSQL (APERTURE_DATABASE_URL) it prints the pg_dump command to use instead and exits 3."})
public final class BackupCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "Where to write the copy; refused if it exists.")
    Path target;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return run(System.getenv(), spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    int run(Map<String, String> env, PrintWriter out, PrintWriter err) {
        Optional<Config> read = CommandConfig.read(env, err);
        if (read.isEmpty()) {
            return 2;
        }
        Config config = read.get();
        if (config.databaseUrl().isPresent()) {
            out.println("Aperture uses PostgreSQL; back it up with pg_dump (the password from PGPASSWORD or ~/.pgpass):");
            out.println("  " + PgCommands.dump(config.databaseUrl().get(), target));
            out.println("Keep the data dir's secret.key (or APERTURE_SECRET_KEY) with the dump: without it the stored "
                    + "API keys cannot be read.");
            return 3;
        }
        Path db = SqliteFiles.database(config.dataDir());
        if (!Files.isRegularFile(db)) {
            err.println("There is no database at " + db + " (APERTURE_DATA_DIR); nothing was written.");
            return 1;
        }
        try {
            createPrivate(target);
        } catch (FileAlreadyExistsException e) {
            err.println(target + " already exists; a backup never overwrites. Choose a new name.");
            return 1;
        } catch (IOException e) {
            err.println("Cannot create " + target + ": " + e.getMessage());
            return 1;
        }
        try {
            copy(db, target);
            String check = SqliteFiles.integrityCheck(target);
            if (!check.equals("ok")) {
                throw new SQLException("the copy fails PRAGMA integrity_check: " + check);
            }
        } catch (SQLException e) {
            deleteQuietly(target);
            err.println("Backup failed, nothing kept: " + e.getMessage());
            return 1;
        }
        out.println("Backed up " + db + " to " + target + " (" + size(target) + " bytes, integrity ok).");
        out.println("Keep " + config.dataDir().resolve("secret.key") + " (or APERTURE_SECRET_KEY) with it: without "
                + "that key the stored API keys in the backup cannot be read.");
        return 0;
    }

    /** {@code VACUUM INTO} a file that exists and is empty, which SQLite allows, so it keeps the 0600 made here. */
    static void copy(Path db, Path target) throws SQLException {
        try (Connection c = SqliteFiles.connect(db, false);
             PreparedStatement vacuum = c.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, target.toAbsolutePath().toString());
            vacuum.execute();
        }
    }

    /** The copy holds the encrypted keys, sessions and error records: readable by this user only, from the start. */
    private static void createPrivate(Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null
                && file.toAbsolutePath().getParent().getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the message already says the backup failed; a leftover partial file is named there
        }
    }
}
