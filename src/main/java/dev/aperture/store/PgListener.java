package dev.aperture.store;

import dev.aperture.logs.LogText;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL LISTEN channel shared by the instances of one database: {@code pg_notify} in the writing
 * transaction (delivered at commit, dropped on rollback) and a LISTEN on a connection of its own.
 *
 * <p>Why LISTEN/NOTIFY and not a version row read before every read: the point of holding something in memory
 * is that a read costs no round trip to the database; a version check would put one back on every read, on every
 * instance, for changes that are rare. A notification arrives within milliseconds of the commit. Notifications
 * sent while an instance was not listening are lost, so every (re)connection is followed by
 * {@link Receiver#resync}, and {@link #listening} is false until the LISTEN is in place.
 */
public final class PgListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PgListener.class);
    /** How long one wait for notifications blocks: also how soon a close is noticed. */
    private static final int WAIT_MILLIS = 500;

    @FunctionalInterface
    public interface Connector {
        Connection open() throws SQLException;
    }

    /** What an instance does with the others' messages. Called from the listener's own thread. */
    public interface Receiver {
        /** What the other instances announced since the last call, oldest first. */
        void received(List<String> messages);

        /** Messages may have been missed (the listener just (re)connected): read everything again. */
        void resync();
    }

    private final Connector connector;
    private final String channel;
    private final String following;
    /** Tells this instance's own announcements from the others' (it has applied its own already). */
    private final String origin = UUID.randomUUID().toString().substring(0, 13);
    private volatile boolean running;
    private volatile boolean listening;
    private Thread thread;
    /** The LISTEN connection, aborted by {@link #close} so a blocked wait ends at once rather than at its timeout. */
    private volatile Connection connection;

    /** {@code following}: what the channel carries, for the thread's name and the log ("alert changes"). */
    public PgListener(Connector connector, String channel, String following) {
        this.connector = connector;
        this.channel = channel;
        this.following = following;
    }

    /** Tells the other instances {@code message} when {@code h}'s transaction commits. */
    public void announce(Handle h, String message) {
        h.createQuery("SELECT pg_notify(:channel, :payload)").bind("channel", channel)
                .bind("payload", origin + " " + message).mapTo(String.class).findOne();
    }

    /** Whether the LISTEN is in place now: while it is not, what others announce is lost. */
    public boolean listening() {
        return listening;
    }

    public synchronized void start(Receiver receiver) {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(() -> listen(receiver), following.replace(' ', '-'));
        thread.setDaemon(true);
        thread.start();
    }

    private void listen(Receiver receiver) {
        boolean failing = false;
        while (running) {
            try (Connection c = connector.open()) {
                connection = c;
                if (!running) {
                    return;
                }
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + channel);
                }
                if (failing) {
                    LOG.info("following the {} of other instances again", following);
                    failing = false;
                }
                receiver.resync();
                listening = true;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = pg.getNotifications(WAIT_MILLIS);
                    if (received != null && received.length > 0) {
                        deliver(received, receiver);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running && !failing) {
                    LOG.warn("lost the {} of other instances ({}); retrying every second", following,
                            LogText.escape(String.valueOf(e.getMessage())));
                    failing = true;
                }
                if (running) {
                    LockSupport.parkNanos(1_000_000_000L);
                }
            } finally {
                listening = false;
            }
        }
    }

    private void deliver(PGNotification[] received, Receiver receiver) {
        List<String> messages = new ArrayList<>(received.length);
        for (PGNotification n : received) {
            String payload = n.getParameter();
            int space = payload.indexOf(' ');
            if (space >= 0 && !payload.substring(0, space).equals(origin)) {
                messages.add(payload.substring(space + 1));
            }
        }
        if (!messages.isEmpty()) {
            receiver.received(messages);
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
        Connection c = connection;
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
