package dev.aperture.alerts;

import java.util.Collection;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * How instances sharing one database keep their in-memory alerts in step: each write announces the
 * alerts it changed in its own transaction, and each instance hears what the others announced.
 * A single SQLite process has no one to tell: {@link #NONE}.
 */
interface ChangeFeed extends AutoCloseable {

    /** What an instance does when others changed alerts. Called from the feed's own thread. */
    interface Listener {
        /** These alerts changed (or were deleted): read them again. */
        void changed(Set<String> alertIds);

        /** Changes may have been missed (the feed just (re)connected): read every unresolved alert again. */
        void resync();
    }

    /** Tells the other instances, when {@code h}'s transaction commits, that these alerts changed. */
    void announce(Handle h, Collection<String> alertIds);

    void start(Listener listener);

    @Override
    void close();

    ChangeFeed NONE = new ChangeFeed() {
        @Override
        public void announce(Handle h, Collection<String> alertIds) {}

        @Override
        public void start(Listener listener) {}

        @Override
        public void close() {}
    };
}
