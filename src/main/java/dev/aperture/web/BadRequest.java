package dev.aperture.web;

/** Bad input, answered as 400 with a message that names the field. */
public final class BadRequest extends RuntimeException {

    private final String field;
    private final String problem;

    public BadRequest(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
        this.problem = problem;
    }

    /** The input at fault, so a form can show the problem next to it. */
    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
