package dev.aperture.calls;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What one call came to. An HTTP error status is data here, never an exception. */
public sealed interface Outcome {

    record Success(int httpStatus) implements Outcome {}

    /** A normal miss for one item (OMDb "Movie not found!", TMDb 34): a log line, never an alert. */
    record NotFound(String what) implements Outcome {}

    /**
     * A classified error. {@code code} is the provider's own code or text (TMDb status_code, OpenAI
     * error.code, OMDb Error) or a transport code such as {@code connection_refused}; {@code subject}
     * separates independent problems of one type on one service (one MDBList list, one Trakt user),
     * empty when there is none.
     */
    record Failure(ErrorType type, String code, Integer httpStatus, String message, String action,
                   Optional<Instant> resetAt, String subject) implements Outcome {
        public Failure {
            Objects.requireNonNull(type, "type");
            code = code == null ? "" : code;
            message = message == null ? "" : message;
            action = action == null ? "" : action;
            resetAt = resetAt == null ? Optional.empty() : resetAt;
            subject = subject == null ? "" : subject;
        }

        public Failure(ErrorType type, String code, Integer httpStatus, String message, String action) {
            this(type, code, httpStatus, message, action, Optional.empty(), "");
        }

        public Failure withResetAt(Instant reset) {
            return new Failure(type, code, httpStatus, message, action, Optional.ofNullable(reset), subject);
        }

        public Failure withSubject(String newSubject) {
            return new Failure(type, code, httpStatus, message, action, resetAt, newSubject);
        }

        public Failure withMessage(String newMessage) {
            return new Failure(type, code, httpStatus, newMessage, action, resetAt, subject);
        }

        public Failure withAction(String newAction) {
            return new Failure(type, code, httpStatus, message, newAction, resetAt, subject);
        }
    }
}
