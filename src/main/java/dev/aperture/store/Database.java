package dev.aperture.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/** The data source, migrated to the current schema, for the embedded SQLite file or PostgreSQL. */
public final class Database implements AutoCloseable {

    public enum Vendor { SQLITE, POSTGRESQL }

    private final HikariDataSource dataSource;
    private final Vendor vendor;
    private final Jdbi jdbi;
    private final Changes changes;

    private Database(HikariDataSource dataSource, Vendor vendor) {
        this.dataSource = dataSource;
        this.vendor = vendor;
        this.jdbi = Jdbi.create(dataSource);
        this.changes = Changes.of(this);
    }

    /** How long a caller waits for a connection when the database is unreachable, unless configured. */
    static final java.time.Duration DEFAULT_CONNECTION_TIMEOUT = java.time.Duration.ofSeconds(10);

    /** PostgreSQL when {@code url} is set, else {@code aperture.db} in the data dir. */
    public static Database open(java.util.Optional<String> url, Path dataDir) {
        return open(url, dataDir, DEFAULT_CONNECTION_TIMEOUT);
    }

    /**
     * {@code APERTURE_DATABASE_TIMEOUT_SECONDS} (1 to 300, default 10): how long a caller waits for a connection
     * before it gives up, e.g. during a database outage (the tests of one keep it short).
     */
    public static java.time.Duration connectionTimeout(java.util.Map<String, String> env) {
        String value = env.get("APERTURE_DATABASE_TIMEOUT_SECONDS");
        if (value == null || value.isBlank()) {
            return DEFAULT_CONNECTION_TIMEOUT;
        }
        try {
            int seconds = Integer.parseInt(value.trim());
            if (seconds >= 1 && seconds <= 300) {
                return java.time.Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // Said below, with the variable's name.
        }
        throw new IllegalArgumentException("APERTURE_DATABASE_TIMEOUT_SECONDS must be a whole number of seconds "
                + "from 1 to 300, not '" + value + "'");
    }

    /** As {@link #open(java.util.Optional, Path)}, waiting at most {@code connectionTimeout} for a connection. */
    public static Database open(java.util.Optional<String> url, Path dataDir, java.time.Duration connectionTimeout) {
        HikariConfig hikari = new HikariConfig();
        Vendor vendor;
        if (url.isPresent()) {
            vendor = Vendor.POSTGRESQL;
            hikari.setJdbcUrl(url.get());
            hikari.setMaximumPoolSize(10);
            // Two held open, the rest opened under load and closed after 10 idle minutes: each is a server process
            // on a PostgreSQL that is often shared (100 connections by default), and several instances each
            // holding ten idle ones would use half of it.
            hikari.setMinimumIdle(2);
        } else {
            vendor = Vendor.SQLITE;
            DataDir.create(dataDir);
            Path file = dataDir.resolve("aperture.db");
            DataDir.privateFile(file);
            try {
                // Left by an earlier version with the umask's mode; SQLite reuses existing ones as they are.
                DataDir.narrow(dataDir.resolve("aperture.db-wal"));
                DataDir.narrow(dataDir.resolve("aperture.db-shm"));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot restrict the database files in " + dataDir, e);
            }
            hikari.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
            // WAL lets readers run beside the one writer; IMMEDIATE transactions take the write lock up
            // front so busy_timeout applies instead of SQLITE_BUSY when two writers upgrade at once.
            hikari.addDataSourceProperty("journal_mode", "WAL");
            hikari.addDataSourceProperty("busy_timeout", "30000");
            hikari.addDataSourceProperty("synchronous", "NORMAL");
            hikari.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            hikari.setMaximumPoolSize(4);
        }
        hikari.setPoolName("aperture-" + vendor.name().toLowerCase(java.util.Locale.ROOT));
        hikari.setConnectionTimeout(connectionTimeout.toMillis());
        hikari.setInitializationFailTimeout(-1);
        HikariDataSource ds = new HikariDataSource(hikari);
        migrate(ds, vendor);
        return new Database(ds, vendor);
    }

    private static void migrate(DataSource ds, Vendor vendor) {
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration/common",
                        "classpath:db/migration/" + vendor.name().toLowerCase(java.util.Locale.ROOT))
                .load()
                .migrate();
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Vendor vendor() {
        return vendor;
    }

    /** Whether the data may have changed since a cache was filled, whoever changed it (one per database). */
    public Changes changes() {
        return changes;
    }

    /** Opens a connection of its own, outside the pool: {@link #unpooledConnection}, or a test's stand-in. */
    @FunctionalInterface
    public interface Connector {
        Connection open() throws SQLException;
    }

    /**
     * A connection of its own, outside the pool, for a session that lives as long as the process (a
     * PostgreSQL LISTEN, SQLite's data_version): held in the pool, it would take one of the pool's few connections
     * forever.
     */
    public Connection unpooledConnection() throws SQLException {
        return java.sql.DriverManager.getConnection(dataSource.getJdbcUrl(), dataSource.getUsername(),
                dataSource.getPassword());
    }

    /** Whether the store answers a trivial query now. */
    public boolean answers() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        changes.close();
        dataSource.close();
    }
}
