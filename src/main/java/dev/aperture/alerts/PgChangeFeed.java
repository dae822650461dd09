package dev.aperture.alerts;

import dev.aperture.store.PgListener;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The change feed on PostgreSQL: the ids of the alerts a transaction changed, on a channel of their own
 * ({@link PgListener}: NOTIFY at commit, a LISTEN on a connection of its own, a resync after every (re)connection).
 */
final class PgChangeFeed implements ChangeFeed {

    static final String CHANNEL = "aperture_alerts";
    /** PostgreSQL refuses payloads of 8000 bytes or more; beyond this a change names no ids and means "all". */
    private static final int MAX_PAYLOAD = 7_000;
    private static final String EVERYTHING = "*";

    private final PgListener channel;

    PgChangeFeed(PgListener.Connector connector) {
        this.channel = new PgListener(connector, CHANNEL, "alert changes");
    }

    @Override
    public void announce(Handle h, Collection<String> alertIds) {
        if (alertIds.isEmpty()) {
            return;
        }
        String ids = String.join(",", alertIds);
        channel.announce(h, ids.length() > MAX_PAYLOAD ? EVERYTHING : ids);
    }

    @Override
    public void start(Listener listener) {
        channel.start(new PgListener.Receiver() {
            @Override
            public void received(List<String> messages) {
                Set<String> ids = new HashSet<>();
                for (String message : messages) {
                    if (message.equals(EVERYTHING)) {
                        listener.resync();
                        return;
                    }
                    ids.addAll(Arrays.asList(message.split(",")));
                }
                listener.changed(ids);
            }

            @Override
            public void resync() {
                listener.resync();
            }
        });
    }

    @Override
    public void close() {
        channel.close();
    }
}
