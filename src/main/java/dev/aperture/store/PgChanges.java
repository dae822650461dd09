package dev.aperture.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * The change signal on PostgreSQL: a version per topic ({@code change_stamps}), raised in every writing transaction
 * and read before every read from memory. One primary-key read on a pooled connection, where the reads it saves are
 * a join (sessions) or the whole table with its decoding (settings).
 *
 * <p>Why not a NOTIFY heard on a LISTEN, as for alerts: a notification reaches the other instances a little after
 * the writer's commit returns, and a browser's next request can arrive first. Measured on the 2-core machine under
 * load: 60 of 200 requests sent to instance B right after a logout answered on instance A were still let in. A
 * session that ended must be refused by the very next request, wherever it lands; read committed gives exactly that
 * once the writer's commit has returned.
 */
final class PgChanges implements Changes {

    private static final String READ = "SELECT version FROM change_stamps WHERE topic = ?";

    private final Jdbi jdbi;
    private final DataSource pool;

    PgChanges(Jdbi jdbi, DataSource pool) {
        this.jdbi = jdbi;
        this.pool = pool;
    }

    /** Plain JDBC, not Jdbi: this runs on every request, and Jdbi's statement objects were most of a read's garbage. */
    @Override
    public long stamp(Topic topic) {
        Connection connection;
        try {
            connection = pool.getConnection();
        } catch (SQLException e) {
            // What the read from the database would have thrown after the same wait: an outage is not waited out
            // twice (once here, once by that read).
            throw new ConnectionException(e);
        }
        try (Connection c = connection; PreparedStatement read = c.prepareStatement(READ)) {
            read.setString(1, topic.name());
            try (ResultSet rs = read.executeQuery()) {
                return rs.next() ? rs.getLong(1) : UNKNOWN;
            }
        } catch (SQLException e) {
            // The table mid-restore, say: the read that follows goes to the database and answers or fails itself.
            return UNKNOWN;
        }
    }

    @Override
    public <R> R write(Topic topic, HandleCallback<R, RuntimeException> work) {
        return jdbi.inTransaction(h -> {
            R result = work.withHandle(h);
            // Never a value the topic had before, even after a pg_restore brought back an older one: a copy kept with
            // a version then matches only the very state it was read from (the database's clock, in microseconds,
            // only to make the number unique; nothing reads it as a time).
            h.createUpdate("UPDATE change_stamps SET version = GREATEST(version + 1, "
                            + "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT)) WHERE topic = :t")
                    .bind("t", topic.name()).execute();
            return result;
        });
    }

    @Override
    public void close() {}
}
