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

    /** A stamp no copy is kept with: the change signal does not work now, so every read goes to the database. */
    long UNKNOWN = -1;

    /** Unchanged while nothing of {@code topic} changed; {@link #UNKNOWN} while that cannot be told. */
    long stamp(Topic topic);

    /**
     * Starts following the other processes' changes (on PostgreSQL, a LISTEN; until it is in place every stamp is
     * {@link #UNKNOWN}). A command that only writes never calls it.
     */
    void start();

    /**
     * Runs {@code work} in one transaction that tells the other instances {@code topic} changed, and changes this
     * process's stamp once it commits (not before: a reader in between would keep the old rows with the new stamp).
     */
    <R> R write(Topic topic, HandleCallback<R, RuntimeException> work);

    @Override
    void close();

    static Changes of(Database database) {
        return database.vendor() == Database.Vendor.POSTGRESQL
                ? new PgChanges(database.jdbi(), database::unpooledConnection)
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
