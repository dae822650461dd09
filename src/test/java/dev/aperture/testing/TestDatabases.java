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
 * database on the local PostgreSQL (started and given the tests' role by scripts/ensure-postgres, which
 * scripts/test runs; a test fails, never skips, when it is not there).
 */
public enum TestDatabases {
    SQLITE, POSTGRESQL;

    /**
     * The one place tests find PostgreSQL: the server URL without a database, and the role scripts/ensure-postgres
     * creates with its password (APERTURE_TEST_PG_URL, APERTURE_TEST_PG_USER, APERTURE_TEST_PG_PASSWORD override
     * them, e.g. for another server).
     */
    static final String PG_SERVER = Optional.ofNullable(System.getenv("APERTURE_TEST_PG_URL"))
            .orElse("jdbc:postgresql://127.0.0.1:5432/");
    static final String PG_USER = Optional.ofNullable(System.getenv("APERTURE_TEST_PG_USER")).orElse("aperture_test");
    static final String PG_PASSWORD = Optional.ofNullable(System.getenv("APERTURE_TEST_PG_PASSWORD"))
            .orElse("aperture_test");

    /** Where the test PostgreSQL listens, for a test that puts something (a proxy) in front of it. */
    public static java.net.InetSocketAddress postgresAddress() {
        java.net.URI uri = java.net.URI.create(PG_SERVER.substring("jdbc:".length()));
        return java.net.InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(PG_SERVER + "postgres", PG_USER, PG_PASSWORD);
    }

    /** A fresh empty target: the PostgreSQL JDBC URL, or empty for SQLite. */
    public Target create() {
        try {
            Path dir = Files.createTempDirectory("aperture-test-");
            if (this == SQLITE) {
                return new Target(this, dir, Optional.empty(), null);
            }
            String name = "aperture_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            try (Connection c = admin(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            return new Target(this, dir, Optional.of(PG_SERVER + name + "?user="
                    + encode(PG_USER) + "&password=" + encode(PG_PASSWORD)), name);
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + this
                    + " (is PostgreSQL running? scripts/test starts it): " + e.getMessage(), e);
        }
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    public record Target(TestDatabases kind, Path dataDir, Optional<String> url, String pgName) implements AutoCloseable {
        public Database open() {
            return Database.open(url, dataDir);
        }

        @Override
        public void close() {
            if (pgName != null) {
                try (Connection c = admin(); Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + pgName + " WITH (FORCE)");
                } catch (SQLException e) {
                    // a leftover test database is harmless; the next run uses a new name
                }
            }
        }
    }
}
