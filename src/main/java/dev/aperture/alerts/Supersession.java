package dev.aperture.alerts;

import dev.aperture.calls.Answer;
import dev.aperture.calls.Cdn;
import dev.aperture.calls.CallObserver;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.Purpose;
import dev.aperture.calls.ServiceId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which open alerts one answer of a provider proves wrong: the state table of docs/alert-states.md, and
 * nothing else. Pure: it reads a finished call and a list of alerts, and answers the alerts that end.
 */
public final class Supersession {

    private Supersession() {}

    /** What a sent call came to, as far as ending alerts goes. */
    public enum Kind {
        SUCCESS("successful answer"), NOT_FOUND("\"not found\" answer"), RATE_LIMIT("rate limit answer"),
        AUTHENTICATION("authentication failure answer"), CONFIGURATION("configuration failure answer"),
        OUTAGE("outage answer"), NO_ANSWER("no answer");

        private final String words;

        Kind(String words) {
            this.words = words;
        }
    }

    /**
     * One answer. {@code wellFormed}: the provider's own API answered (not a transport failure, a CDN or proxy
     * page, a redirect or a body the API never sends), so the address is right and the service is up.
     * {@code keyAccepted}: the provider only answers this after accepting the key. {@code purpose}: a
     * background probe is one cheap call, which shows the service works but not that a quota with its reset
     * still ahead is available again.
     */
    public record Seen(ServiceId service, Kind kind, boolean wellFormed, boolean keyAccepted, String subject,
                       Integer httpStatus, Purpose purpose, Instant at) {

        /** The text stored with each alert it ends, e.g. "rate limit answer 429 from MDBList (health check)". */
        public String words() {
            String status = httpStatus == null ? "" : " " + httpStatus;
            String who = subject.isEmpty() ? "" : " for " + subject;
            String by = switch (purpose) {
                case TEST -> "Test Connection";
                case PROBE -> "health check";
                case JOB -> "job run";
                case POLL -> "authorization poll";
            };
            return kind.words + status + " from " + service.displayName() + who + " (" + by + ")";
        }

        public Resolution resolution() {
            return switch (purpose) {
                case TEST -> Resolution.TEST_CONNECTION;
                case PROBE -> Resolution.HEALTH_CHECK;
                case JOB, POLL -> Resolution.JOB;
            };
        }
    }

    /**
     * Providers whose rate-limit answer comes only after the key was accepted: OMDb ("Request limit reached!"
     * is the key's daily count; a wrong key answers "Invalid API key!" instead), MDBList (its 429 counts the
     * key's api_requests) and OpenAI (limits and billing belong to the key's organization; a wrong key gets
     * 401 first). Not TMDb (its 429 is the CDN's, per IP) nor Trakt (a tripped security limit answers before
     * the client id is looked at).
     */
    static final Set<ServiceId> LIMIT_AFTER_KEY = Set.of(ServiceId.OMDB, ServiceId.MDBLIST, ServiceId.OPENAI);

    /**
     * Configuration codes a well-formed answer does not disprove, because the provider itself raised them
     * about an account or model, not about the address: OpenAI's model and region refusals (and its other
     * 4xx, whose advice is the model setting), Trakt's 426 VIP-only feature.
     */
    private static final Map<ServiceId, Set<String>> NOT_ABOUT_THE_ADDRESS = Map.of(
            ServiceId.OPENAI, Set.of("model_not_found", "unsupported_country_region_territory",
                    "invalid_request_error"),
            ServiceId.TRAKT, Set.of("426"));

    /** Bodies that are not the API answering, whatever their status. */
    private static final Set<String> UNREADABLE = Set.of("invalid_response", "invalid_json", "not_json");

    /** The subject of the quota warning: a forecast, never disproved by an answer before its reset. */
    static final String QUOTA_SUBJECT = "quota";

    /** What a finished call proves; empty when it proves nothing (not sent, or not recorded). */
    public static Optional<Seen> of(CallObserver.Finished call) {
        Outcome outcome = call.outcome();
        if (!call.context().record() || outcome instanceof Outcome.NotSent) {
            return Optional.empty();
        }
        Optional<Answer.Reply> reply = call.result().reply();
        boolean html = reply.map(Cdn::isHtml).orElse(false);
        Integer status = reply.map(Answer.Reply::status).orElse(null);
        String subject = call.request().subject();
        Kind kind;
        boolean wellFormed;
        boolean keyAccepted;
        if (outcome instanceof Outcome.Success) {
            kind = Kind.SUCCESS;
            wellFormed = true;
            keyAccepted = true;
        } else if (outcome instanceof Outcome.NotFound) {
            kind = Kind.NOT_FOUND;
            wellFormed = true;
            keyAccepted = true;
        } else {
            Outcome.Failure f = (Outcome.Failure) outcome;
            subject = f.subject();
            kind = reply.isEmpty() ? Kind.NO_ANSWER : Kind.valueOf(f.type().name());
            wellFormed = reply.isPresent() && !html && !UNREADABLE.contains(f.code())
                    && !(f.type() == ErrorType.CONFIGURATION && aboutTheAddress(call.service(), f.code(), f.subject()));
            keyAccepted = f.type() == ErrorType.RATE_LIMIT && wellFormed && LIMIT_AFTER_KEY.contains(call.service());
        }
        return Optional.of(new Seen(call.service(), kind, wellFormed, keyAccepted, subject, status,
                call.context().purpose(), call.at()));
    }

    /** The open alerts of {@code seen}'s service that it proves wrong, in the order given. */
    public static List<Alert> ending(Seen seen, List<Alert> open) {
        return open.stream().filter(a -> a.service().equals(seen.service().id()) && a.resolvedAt() == null)
                .filter(a -> ends(seen, a)).toList();
    }

    static boolean ends(Seen seen, Alert a) {
        if (QUOTA_SUBJECT.equals(a.subject())) {
            // The warning forecasts; only its window's end, seen by an answer that is not a limit, closes it.
            return a.resetAt() != null && !seen.at().isBefore(a.resetAt()) && seen.kind() != Kind.RATE_LIMIT;
        }
        boolean inScope = a.subject().isEmpty() || a.subject().equals(seen.subject());
        if (!inScope) {
            return false;
        }
        boolean success = seen.kind() == Kind.SUCCESS;
        return switch (a.type()) {
            case OUTAGE -> seen.wellFormed() && seen.kind() != Kind.OUTAGE;
            case CONFIGURATION -> aboutTheAddress(seen.service(), a.code(), a.subject()) ? seen.wellFormed() : success;
            case AUTHENTICATION -> seen.keyAccepted();
            case RATE_LIMIT -> {
                boolean resetPassed = a.resetAt() != null && !seen.at().isBefore(a.resetAt());
                boolean resetAhead = a.resetAt() != null && !resetPassed;
                if (resetPassed) {
                    yield seen.kind() != Kind.RATE_LIMIT;
                }
                // A background probe that passed says nothing about a quota whose reset is still ahead (the probe
                // endpoint may not count against it); a job's call or the admin's test that the provider served does.
                yield success && !(resetAhead && seen.purpose() == Purpose.PROBE);
            }
        };
    }

    /**
     * Whether a configuration problem is about the address (URL, port, scheme, path prefix, a proxy in the
     * way): any well-formed answer of the API proves it fixed. A subject's problem (a deleted list, an
     * unmapped user) is never about the address.
     */
    static boolean aboutTheAddress(ServiceId service, String code, String subject) {
        return subject.isEmpty() && !NOT_ABOUT_THE_ADDRESS.getOrDefault(service, Set.of()).contains(code);
    }
}
