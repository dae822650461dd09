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
            String name = Spares.take();
            return new Target(this, dir, Optional.of(url(name)), name);
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + this
                    + " (is PostgreSQL running? scripts/test starts it): " + e.getMessage(), e);
        }
    }

    private static String url(String database) {
        return PG_SERVER + database + "?user=" + encode(PG_USER) + "&password=" + encode(PG_PASSWORD);
    }

    /**
     * Each test JVM copies its next PostgreSQL database while the current test runs: a copy waits on the disk for
     * 100-500 ms, which the test asking for it would otherwise wait out. Names carry the JVM's pid, so a JVM that
     * ends with a spare not taken (surefire's forks exit without shutdown hooks) leaves a name the next template
     * check recognizes as a dead process's and drops.
     */
    private static final class Spares {
        private static final String PREFIX = "aperture_t_" + ProcessHandle.current().pid() + "_";
        private static final java.util.concurrent.ExecutorService COPIER =
                java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "test-database-copier");
                    t.setDaemon(true);
                    return t;
                });
        private static java.util.concurrent.Future<String> next;

        static synchronized String take() throws SQLException {
            java.util.concurrent.Future<String> ready = next != null ? next : COPIER.submit(Spares::copy);
            next = COPIER.submit(Spares::copy);
            try {
                return ready.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while copying a test database", e);
            }
        }

        private static String copy() throws SQLException {
            String name = PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection c = admin(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name + " TEMPLATE " + MigratedTemplate.name());
            }
            return name;
        }

        /** Drops the databases of test JVMs that are gone; called under the template's lock. */
        static void dropOrphans(Statement s) throws SQLException {
            java.util.List<String> orphans = new java.util.ArrayList<>();
            try (var rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname ~ '^aperture_t_[0-9]+_'")) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    long pid = Long.parseLong(name.split("_")[2]);
                    if (ProcessHandle.of(pid).isEmpty()) {
                        orphans.add(name);
                    }
                }
            }
            for (String name : orphans) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }

    /**
     * A PostgreSQL database already migrated to this build's schema, which every test database is copied from:
     * migrating a new database ran 26 migrations in as many transactions, about half a second of each PostgreSQL
     * test's start. Named after a hash of the migration files, so a changed migration gets a template of its own
     * and a stale one is never copied; the application still runs Flyway on the copy, which then finds nothing to
     * do. Built once per name under an advisory lock (test JVMs run side by side) and renamed into place only
     * when complete, so a run killed mid-build leaves no half-migrated template behind.
     */
    private static final class MigratedTemplate {
        private static final String NAME = build();

        static String name() {
            return NAME;
        }

        private static String build() {
            String name = "aperture_tpl_" + migrationsHash();
            try (Connection c = admin(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_lock(hashtext('aperture test template'))");
                try {
                    Spares.dropOrphans(s);
                    boolean exists;
                    try (var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                        exists = rs.next();
                    }
                    if (!exists) {
                        String building = name + "_building";
                        s.execute("DROP DATABASE IF EXISTS " + building + " WITH (FORCE)");
                        s.execute("CREATE DATABASE " + building);
                        // On PostgreSQL the data dir holds nothing of the database's.
                        Database.open(Optional.of(url(building)), Path.of(System.getProperty("java.io.tmpdir"))).close();
                        s.execute("ALTER DATABASE " + building + " RENAME TO " + name);
                    }
                } finally {
                    s.execute("SELECT pg_advisory_unlock(hashtext('aperture test template'))");
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot build the migrated PostgreSQL template (is PostgreSQL running?"
                        + " scripts/test starts it): " + e.getMessage(), e);
            }
            return name;
        }

        /** The first 12 hex digits of a SHA-256 over every migration file's path and bytes, in path order. */
        private static String migrationsHash() {
            try {
                Path root = Path.of(TestDatabases.class.getClassLoader().getResource("db/migration").toURI());
                java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
                try (var files = Files.walk(root)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        sha.update(root.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        sha.update(Files.readAllBytes(f));
                    }
                }
                return java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 12);
            } catch (IOException | java.net.URISyntaxException | java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("cannot read the migrations to name the test template", e);
            }
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
