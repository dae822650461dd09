package dev.aperture.ops;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The SQLite files of a data dir, opened directly: backup and restore must neither migrate nor start anything. */
final class SqliteFiles {

    private SqliteFiles() {}

    static Path database(Path dataDir) {
        return dataDir.resolve("aperture.db");
    }

    static Connection connect(Path file, boolean readOnly) throws SQLException {
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        // The server may hold the write lock for a moment; wait as long as the server's own connections do.
        config.setBusyTimeout(30_000);
        config.setReadOnly(readOnly);
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    }

    /** {@code ok}, or SQLite's list of problems. A file that is no database at all fails here too. */
    static String integrityCheck(Path file) throws SQLException {
        try (Connection c = connect(file, true); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
            List<String> lines = new ArrayList<>();
            while (r.next()) {
                lines.add(r.getString(1));
            }
            return String.join("; ", lines);
        }
    }

    /** Whether {@code file} holds an Aperture schema: Flyway's history and the alerts table. */
    static boolean isAperture(Path file) throws SQLException {
        try (Connection c = connect(file, true); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                     + "AND name IN ('flyway_schema_history', 'alerts')")) {
            return r.next() && r.getInt(1) == 2;
        }
    }
}
