package dev.aperture.web;

/** An unknown id, answered as 404. */
public final class NotFound extends RuntimeException {

    public NotFound(String what) {
        super(what);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
