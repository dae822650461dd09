package dev.aperture.store;

import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Runs a write again when PostgreSQL chose it as the victim of a deadlock or a serialization
 * conflict. Writers that touch several alert rows (a flush of counts, a resolve, a dismiss of a
 * whole service, retention) cannot all lock rows in one order — a multi-row UPDATE locks in scan
 * order — so two can deadlock; the database aborts one, and the documented remedy is to retry it.
 */
public final class Deadlocks {

    private static final int ATTEMPTS = 8;

    private Deadlocks() {}

    public static <T> T retry(Supplier<T> write) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.get();
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !conflict(e)) {
                    throw e;
                }
                // A short pause, longer each time, so the winner commits before the retry.
                java.util.concurrent.locks.LockSupport.parkNanos(attempt * 2_000_000L);
            }
        }
    }

    public static void retry(Runnable write) {
        retry(() -> {
            write.run();
            return null;
        });
    }

    /** Deadlock (40P01) or serialization failure (40001), anywhere in the cause chain. */
    static boolean conflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && ("40P01".equals(s.getSQLState()) || "40001".equals(s.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
