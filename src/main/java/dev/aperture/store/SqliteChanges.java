package dev.aperture.store;

import dev.aperture.logs.LogText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change signal on SQLite: {@code PRAGMA data_version} on a connection of its own, which never writes. SQLite
 * changes that number whenever another connection commits to the file: the pool's connections in this process,
 * another process's ({@code aperture admin reset-password}). It costs no page read (the WAL index in shared
 * memory tells it), so it can be asked on every request. It cannot tell tables apart: any commit is a change to
 * every topic, which only costs a cache one read again.
 */
final class SqliteChanges implements Changes {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteChanges.class);

    private final Jdbi jdbi;
    private final Database.Connector connector;
    // All guarded by this: one connection, one statement, asked by one request at a time (a few microseconds).
    private Connection connection;
    private PreparedStatement dataVersion;
    private long seen;
    private long stamp;
    private boolean failing;
    private boolean closed;

    SqliteChanges(Jdbi jdbi, Database.Connector connector) {
        this.jdbi = jdbi;
        this.connector = connector;
    }

    @Override
    public synchronized long stamp(Topic topic) {
        if (closed) {
            return UNKNOWN;
        }
        try {
            if (dataVersion == null) {
                open();
            }
            long version;
            try (ResultSet rs = dataVersion.executeQuery()) {
                rs.next();
                version = rs.getLong(1);
            }
            if (version != seen) {
                seen = version;
                stamp++;
            }
            failing = false;
            return stamp;
        } catch (SQLException | RuntimeException e) {
            if (!failing) {
                LOG.warn("cannot tell whether the database changed ({}); reading it on every request until it can",
                        LogText.escape(String.valueOf(e.getMessage())));
                failing = true;
            }
            drop();
            return UNKNOWN;
        }
    }

    private void open() throws SQLException {
        connection = connector.open();
        try (Statement s = connection.createStatement()) {
            // A read in WAL mode is busy only in rare moments (recovery after a crash): waited out briefly, since
            // every request waits on this one connection; past it, the stamp is unknown and the request reads.
            s.execute("PRAGMA busy_timeout = 1000");
        }
        dataVersion = connection.prepareStatement("PRAGMA data_version");
        // A new connection counts from its own start: whatever it answers first is a change, so no copy kept with
        // a stamp from before can serve again.
        stamp++;
        try (ResultSet rs = dataVersion.executeQuery()) {
            rs.next();
            seen = rs.getLong(1);
        }
    }

    @Override
    public <R> R write(Topic topic, HandleCallback<R, RuntimeException> work) {
        // The commit is on a pool connection, so the next data_version read here tells it: nothing else to do.
        return jdbi.inTransaction(work);
    }

    private void drop() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            // Dropped either way: the next stamp opens another.
        }
        connection = null;
        dataVersion = null;
    }

    @Override
    public synchronized void close() {
        closed = true;
        drop();
    }
}
