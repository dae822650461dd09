package dev.aperture.alerts;

import dev.aperture.logs.LogText;
import dev.aperture.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change feed on PostgreSQL: {@code pg_notify} in the writing transaction (delivered at commit,
 * dropped on rollback) and a LISTEN on a connection of its own.
 *
 * <p>Why LISTEN/NOTIFY and not a version row read before every read: the point of holding alerts in
 * memory is that a read costs no round trip to the database; a version check would put one back on
 * every read, on every instance, for changes that are rare. A notification arrives within milliseconds
 * of the commit. Notifications sent while this instance was not listening are lost, so every
 * (re)connection is followed by reading the whole unresolved set again ({@link Listener#resync}).
 */
final class PgChangeFeed implements ChangeFeed {

    private static final Logger LOG = LoggerFactory.getLogger(PgChangeFeed.class);
    static final String CHANNEL = "aperture_alerts";
    /** PostgreSQL refuses payloads of 8000 bytes or more; beyond this a change names no ids and means "all". */
    private static final int MAX_PAYLOAD = 7_000;
    private static final String EVERYTHING = "*";
    /** How long one wait for notifications blocks: also how soon a close is noticed. */
    private static final int WAIT_MILLIS = 500;

    private final Database.Connector connector;
    /** Tells this instance's own announcements from the others' (it has applied its own already). */
    private final String origin = UUID.randomUUID().toString().substring(0, 13);
    private volatile boolean running;
    private Thread thread;
    /** The LISTEN connection, aborted by {@link #close} so a blocked wait ends at once rather than at its timeout. */
    private volatile Connection listening;

    PgChangeFeed(Database.Connector connector) {
        this.connector = connector;
    }

    @Override
    public void announce(Handle h, Collection<String> alertIds) {
        if (alertIds.isEmpty()) {
            return;
        }
        String ids = String.join(",", alertIds);
        String payload = origin + " " + (ids.length() > MAX_PAYLOAD ? EVERYTHING : ids);
        h.createQuery("SELECT pg_notify(:channel, :payload)").bind("channel", CHANNEL).bind("payload", payload)
                .mapTo(String.class).findOne();
    }

    @Override
    public synchronized void start(Listener listener) {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(() -> listen(listener), "alert-changes");
        thread.setDaemon(true);
        thread.start();
    }

    private void listen(Listener listener) {
        boolean failing = false;
        while (running) {
            try (Connection c = connector.open()) {
                listening = c;
                if (!running) {
                    return;
                }
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                if (failing) {
                    LOG.info("listening for alert changes of other instances again");
                    failing = false;
                }
                listener.resync();
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = pg.getNotifications(WAIT_MILLIS);
                    if (received != null && received.length > 0) {
                        deliver(received, listener);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running && !failing) {
                    LOG.warn("lost the feed of alert changes from other instances ({}); retrying every second",
                            LogText.escape(String.valueOf(e.getMessage())));
                    failing = true;
                }
                if (running) {
                    LockSupport.parkNanos(1_000_000_000L);
                }
            }
        }
    }

    private void deliver(PGNotification[] received, Listener listener) {
        Set<String> ids = new HashSet<>();
        boolean everything = false;
        for (PGNotification n : received) {
            String payload = n.getParameter();
            int space = payload.indexOf(' ');
            if (space < 0 || payload.substring(0, space).equals(origin)) {
                continue;
            }
            String rest = payload.substring(space + 1);
            if (rest.equals(EVERYTHING)) {
                everything = true;
            } else {
                ids.addAll(java.util.Arrays.asList(rest.split(",")));
            }
        }
        if (everything) {
            listener.resync();
        } else if (!ids.isEmpty()) {
            listener.changed(ids);
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
        }
        Connection c = listening;
        if (c != null) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                // The wait then ends at its own timeout, as before.
            }
        }
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
