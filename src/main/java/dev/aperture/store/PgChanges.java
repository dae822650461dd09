package dev.aperture.store;

import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * The change signal on PostgreSQL: each write names its topic on {@link #CHANNEL} in its own transaction
 * ({@link PgListener}), and each instance counts what the others named. While the LISTEN is not in place the
 * stamp is {@link Changes#UNKNOWN}, and every (re)connection counts as a change to every topic, for what was
 * announced while nobody here listened.
 */
final class PgChanges implements Changes, PgListener.Receiver {

    static final String CHANNEL = "aperture_changes";

    private final Jdbi jdbi;
    private final PgListener listener;
    private final AtomicLongArray stamps = new AtomicLongArray(Topic.values().length);

    PgChanges(Jdbi jdbi, PgListener.Connector connector) {
        this.jdbi = jdbi;
        this.listener = new PgListener(connector, CHANNEL, "data changes");
    }

    @Override
    public void start() {
        listener.start(this);
    }

    @Override
    public long stamp(Topic topic) {
        // In this order: a listener that just reconnected counted its resync before it said it listens again.
        boolean listening = listener.listening();
        long stamp = stamps.get(topic.ordinal());
        return listening ? stamp : UNKNOWN;
    }

    @Override
    public <R> R write(Topic topic, HandleCallback<R, RuntimeException> work) {
        R result = jdbi.inTransaction(h -> {
            R r = work.withHandle(h);
            listener.announce(h, topic.name());
            return r;
        });
        stamps.incrementAndGet(topic.ordinal());
        return result;
    }

    @Override
    public void received(List<String> messages) {
        for (String message : messages) {
            for (Topic topic : Topic.values()) {
                if (topic.name().equals(message)) {
                    stamps.incrementAndGet(topic.ordinal());
                }
            }
        }
    }

    @Override
    public void resync() {
        for (Topic topic : Topic.values()) {
            stamps.incrementAndGet(topic.ordinal());
        }
    }

    @Override
    public void close() {
        listener.close();
    }
}
