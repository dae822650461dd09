package dev.aperture.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;

/**
 * Whether the database may have changed since a cache in memory was filled, by this process or any other (a
 * second instance, {@code aperture admin reset-password} on the host): what lets a page view answer from memory
 * without making a logout, a reset or another instance's save wait for anything.
 *
 * <p>A reader takes {@link #stamp} before it reads the database and keeps what it read with that stamp; the copy
 * serves as long as the stamp is unchanged. Taking the stamp first means a write that lands during the read
 * changes the stamp the next reader sees, so a copy can be older than its stamp only by nothing.
 */
public interface Changes extends AutoCloseable {

    /** What a cache depends on. On SQLite every topic changes together (any commit to the file). */
    enum Topic { SESSIONS, INTEGRATIONS }

    /** A stamp no copy is kept with: the change cannot be told now (the database is down), so every read goes to it. */
    long UNKNOWN = -1;

    /** Unchanged while nothing of {@code topic} changed; {@link #UNKNOWN} while that cannot be told. */
    long stamp(Topic topic);

    /**
     * Runs {@code work} in one transaction whose commit changes {@code topic}'s stamp for every process at once, with
     * the rows: on PostgreSQL it raises the topic's version; on SQLite any commit does.
     */
    <R> R write(Topic topic, HandleCallback<R, RuntimeException> work);

    @Override
    void close();

    static Changes of(Database database) {
        return database.vendor() == Database.Vendor.POSTGRESQL
                ? new PgChanges(database.jdbi(), database.dataSource())
                : new SqliteChanges(database.jdbi(), database::unpooledConnection);
    }

    /** For {@link #write}'s callers that answer nothing. */
    static HandleCallback<Void, RuntimeException> doing(java.util.function.Consumer<Handle> work) {
        return h -> {
            work.accept(h);
            return null;
        };
    }
}
