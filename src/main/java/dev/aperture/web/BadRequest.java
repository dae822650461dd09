package dev.aperture.web;

/** Bad input, answered as 400 with a message that names the field. */
public final class BadRequest extends RuntimeException {

    public BadRequest(String field, String problem) {
        super(field + ": " + problem);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
