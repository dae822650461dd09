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

    private Database(HikariDataSource dataSource, Vendor vendor) {
        this.dataSource = dataSource;
        this.vendor = vendor;
        this.jdbi = Jdbi.create(dataSource);
    }

    /** PostgreSQL when {@code url} is set, else {@code aperture.db} in the data dir. */
    public static Database open(java.util.Optional<String> url, Path dataDir) {
        HikariConfig hikari = new HikariConfig();
        Vendor vendor;
        if (url.isPresent()) {
            vendor = Vendor.POSTGRESQL;
            hikari.setJdbcUrl(url.get());
            hikari.setMaximumPoolSize(10);
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
        hikari.setConnectionTimeout(10_000);
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

    /**
     * A connection of its own, outside the pool, for a session that lives as long as the process (a
     * PostgreSQL LISTEN): held in the pool, it would take one of the pool's few connections forever.
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
        dataSource.close();
    }
}
