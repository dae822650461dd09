package dev.aperture.calls;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What one call came to. An HTTP error status is data here, never an exception. */
public sealed interface Outcome {

    record Success(int httpStatus) implements Outcome {}

    /**
     * The call never reached the wire: pacing or the run held it back, so it says nothing about the
     * service and is never recorded as a failure of it. {@code resetAt} is when sending makes sense again,
     * where that is known (a provider's reset).
     */
    record NotSent(Reason reason, Optional<Instant> resetAt) implements Outcome {
        public NotSent {
            Objects.requireNonNull(reason, "reason");
            resetAt = resetAt == null ? Optional.empty() : resetAt;
        }

        /** Why a call was held back; {@link #wire()} names it in metrics, health checks and Test Connection. */
        public enum Reason {
            /** The service's breaker is open after repeated outages: job calls wait for a probe that passes. */
            CIRCUIT_OPEN(ErrorType.OUTAGE),
            /** A provider's reset is further away than this caller may wait. */
            RESET_PENDING(ErrorType.RATE_LIMIT),
            /** The run stopped calling the service after a failure a retry in the same run cannot fix. */
            RUN_STOPPED(ErrorType.CONFIGURATION);

            private final ErrorType type;

            Reason(ErrorType type) {
                this.type = type;
            }

            /** The kind of problem that held the call back, for titles and the Test Connection answer. */
            public ErrorType type() {
                return type;
            }

            /** {@code circuit_open}, {@code rate_limited} (the Test Connection error code), {@code run_stopped}. */
            public String wire() {
                return this == RESET_PENDING ? "rate_limited" : name().toLowerCase(java.util.Locale.ROOT);
            }
        }

        /** What an admin reads about the held-back call (Test Connection, run log). */
        public String message(ServiceId service) {
            String name = service.displayName();
            return switch (reason) {
                case CIRCUIT_OPEN -> "Not sent: " + name + " is failing, so Aperture stopped calling it until a health "
                        + "check passes.";
                case RESET_PENDING -> "Not sent: " + name + " asked Aperture to wait until "
                        + resetAt.map(dev.aperture.logs.LocalTimes::dated).orElse("its reset") + ".";
                case RUN_STOPPED -> "Not sent: this run stopped calling " + name + ".";
            };
        }

        public String action(ServiceId service) {
            return reason == Reason.RESET_PENDING ? Actions.rateLimit(service.displayName()) : Actions.OUTAGE;
        }
    }

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
