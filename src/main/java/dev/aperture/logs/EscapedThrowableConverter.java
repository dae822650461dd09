package dev.aperture.logs;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * {@code %escapedEx}: a stack trace keeps its lines, but each exception's message (which may quote
 * provider text) is escaped, so it cannot add a line that looks like a log entry.
 */
public final class EscapedThrowableConverter extends ThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return super.throwableProxyToString(Escaped.of(tp));
    }

    private record Escaped(IThrowableProxy inner, IThrowableProxy cause, IThrowableProxy[] suppressed)
            implements IThrowableProxy {

        /** Depth-bounded: a cause chain is short, and a cyclic one is marked by its proxy, not followed. */
        static IThrowableProxy of(IThrowableProxy tp) {
            return of(tp, 0);
        }

        private static IThrowableProxy of(IThrowableProxy tp, int depth) {
            if (tp == null || depth > 64) {
                return tp;
            }
            IThrowableProxy[] suppressed = tp.getSuppressed() == null ? null : new IThrowableProxy[tp.getSuppressed().length];
            for (int i = 0; suppressed != null && i < suppressed.length; i++) {
                suppressed[i] = of(tp.getSuppressed()[i], depth + 1);
            }
            return new Escaped(tp, tp.isCyclic() ? tp.getCause() : of(tp.getCause(), depth + 1), suppressed);
        }

        @Override
        public String getMessage() {
            return LogText.escape(inner.getMessage());
        }

        @Override
        public String getOverridingMessage() {
            return LogText.escape(inner.getOverridingMessage());
        }

        @Override
        public String getClassName() {
            return inner.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return inner.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return inner.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return cause;
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            return suppressed;
        }

        @Override
        public boolean isCyclic() {
            return inner.isCyclic();
        }
    }
}
