package dev.aperture.testing;

import dev.aperture.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;

/**
 * The two stores every store test runs on: a fresh SQLite file in a temp dir, and a fresh
 * database on the local PostgreSQL (started by scripts/test; a test fails, never skips, when it
 * is not there).
 */
public enum TestDatabases {
    SQLITE, POSTGRESQL;

    /** Server URL without database; override with APERTURE_TEST_PG_URL. */
    static final String PG_SERVER = Optional.ofNullable(System.getenv("APERTURE_TEST_PG_URL"))
            .orElse("jdbc:postgresql://127.0.0.1:5432/");
    static final String PG_USER = Optional.ofNullable(System.getenv("APERTURE_TEST_PG_USER")).orElse("postgres");

    /** A fresh empty target: the PostgreSQL JDBC URL, or empty for SQLite. */
    public Target create() {
        try {
            Path dir = Files.createTempDirectory("aperture-test-");
            if (this == SQLITE) {
                return new Target(this, dir, Optional.empty(), null);
            }
            String name = "aperture_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            try (Connection c = DriverManager.getConnection(PG_SERVER + "postgres", PG_USER, "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            return new Target(this, dir, Optional.of(PG_SERVER + name + "?user=" + PG_USER), name);
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + this
                    + " (is PostgreSQL running? scripts/test starts it): " + e.getMessage(), e);
        }
    }

    public record Target(TestDatabases kind, Path dataDir, Optional<String> url, String pgName) implements AutoCloseable {
        public Database open() {
            return Database.open(url, dataDir);
        }

        @Override
        public void close() {
            if (pgName != null) {
                try (Connection c = DriverManager.getConnection(PG_SERVER + "postgres", PG_USER, "");
                     Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + pgName + " WITH (FORCE)");
                } catch (SQLException e) {
                    // a leftover test database is harmless; the next run uses a new name
                }
            }
        }
    }
}
