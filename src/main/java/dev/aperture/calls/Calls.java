package dev.aperture.calls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import dev.aperture.secrets.Secret;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one outbound pipeline: pacing → wire → classifier → recorder. Every call to a service, from
 * a Test Connection, a health check or a job, goes through {@link #call}; nothing it does throws.
 */
public final class Calls {

    private static final Logger LOG = LoggerFactory.getLogger(Calls.class);

    private final Map<ServiceId, Classifier> classifiers;
    private final Map<ServiceId, Boolean> selfHosted;
    private final Wire wire;
    private final Pacing pacing;
    private final FailureSink sink;
    private final CallObserver observer;
    private final Clock clock;
    private final Supplier<List<Secret>> storedSecrets;
    private volatile List<Secret> lastStoredSecrets = List.of();

    /**
     * {@code storedSecrets} are every credential Aperture holds; they are scrubbed from what is
     * recorded about any call, beside the ones the request itself carries, so a provider that quotes
     * some other key back (a test of unsaved settings answered with the saved key) cannot leak it.
     */
    public Calls(Map<ServiceId, Classifier> classifiers, Map<ServiceId, Boolean> selfHosted, Wire wire, Pacing pacing,
                 FailureSink sink, CallObserver observer, Clock clock, Supplier<List<Secret>> storedSecrets) {
        this.classifiers = new EnumMap<>(classifiers);
        this.selfHosted = new EnumMap<>(selfHosted);
        this.wire = wire;
        this.pacing = pacing;
        this.sink = sink;
        this.observer = observer;
        this.clock = clock;
        this.storedSecrets = storedSecrets;
    }

    public CallResult call(CallRequest given, CallContext context) {
        CallRequest request = withStoredSecrets(given);
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        Optional<Outcome.Failure> refused = safeAdmit(request, context);
        Answer answer;
        Outcome outcome;
        if (refused.isPresent()) {
            answer = new Answer.TransportFailure(new IllegalStateException("not sent: " + refused.get().code()));
            outcome = refused.get();
        } else {
            answer = safeSend(request);
            outcome = classify(request, answer);
            safeObserve(request, answer, outcome);
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - t0);
        Optional<String> errorId = Optional.empty();
        if (outcome instanceof Outcome.Failure failure) {
            RequestDetails details = Sanitizer.details(request, answer, latency);
            // Unrecorded calls (a test of unsaved settings, a device-flow poll that is still pending) are not
            // problems of the saved setup: the same line, one level down.
            String line = "call failed service={} type={} code={} status={} method={} url={} durationMs={}";
            Object[] args = {request.service().id(), failure.type().wire(), failure.code(), failure.httpStatus(),
                    details.method(), details.url(), details.durationMs()};
            if (context.record()) {
                LOG.warn(line, args);
            } else {
                LOG.info(line, args);
            }
            // A call cut short because Aperture itself is stopping says nothing about the service.
            boolean interrupted = answer instanceof Answer.TransportFailure t
                    && t.cause() instanceof InterruptedException;
            if (context.record() && refused.isEmpty() && !interrupted) {
                errorId = safeRecord(new Occurrence(request.service(), failure, details, context.jobRunId(), started));
            }
        }
        observer.completed(request.service(), context, outcome, latency);
        return new CallResult(request.service(), outcome, answer instanceof Answer.Reply r ? Optional.of(r) : Optional.empty(), latency,
                errorId);
    }

    private Outcome classify(CallRequest request, Answer answer) {
        Instant now = clock.instant();
        try {
            if (answer instanceof Answer.TransportFailure t) {
                return Transport.classify(request.service(), t.cause(),
                        selfHosted.getOrDefault(request.service(), false)).withSubject(request.subject());
            }
            Outcome outcome = answer instanceof Answer.Reply reply && isRedirect(reply.status())
                    ? redirected(request, reply)
                    : classifiers.get(request.service()).classify(request, answer, now);
            if (outcome instanceof Outcome.Failure f) {
                // Providers quote keys back in their messages; scrub here, once, whatever the classifier copied.
                Outcome.Failure clean = new Outcome.Failure(f.type(), Sanitizer.scrub(f.code(), request.secrets()),
                        f.httpStatus(), Sanitizer.scrub(f.message(), request.secrets()),
                        Sanitizer.scrub(f.action(), request.secrets()), f.resetAt(), f.subject());
                return clean.subject().isEmpty() && !request.subject().isEmpty()
                        ? clean.withSubject(request.subject()) : clean;
            }
            return outcome;
        } catch (RuntimeException | StackOverflowError e) {
            // A classifier bug must not take a job down; the failure is still recorded, as what it is.
            LOG.error("classifier of {} threw {}", request.service().id(), e.getClass().getName());
            int status = answer instanceof Answer.Reply r ? r.status() : 0;
            return new Outcome.Failure(ErrorType.OUTAGE, "unclassified", status == 0 ? null : status,
                    request.service().displayName() + " answered something Aperture could not read.", Actions.OUTAGE);
        }
    }

    private CallRequest withStoredSecrets(CallRequest request) {
        List<Secret> stored;
        try {
            stored = storedSecrets.get();
            lastStoredSecrets = stored;
        } catch (RuntimeException e) {
            // The store is down: calls must still be made and classified, scrubbed with the secrets last read.
            stored = lastStoredSecrets;
        }
        if (stored.isEmpty()) {
            return request;
        }
        List<Secret> all = new ArrayList<>(request.secrets());
        all.addAll(stored);
        return new CallRequest(request.service(), request.method(), request.uri(), request.headers(), request.body(),
                all, request.subject());
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** APIs answer in place; a redirect means the base URL points at a proxy, a login page or an old address. */
    private static Outcome.Failure redirected(CallRequest request, Answer.Reply reply) {
        String name = request.service().displayName();
        String target = reply.header("location").map(l -> {
            try {
                java.net.URI uri = request.uri().resolve(l);
                return uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
            } catch (RuntimeException e) {
                return "another address";
            }
        }).orElse("another address");
        return new Outcome.Failure(ErrorType.CONFIGURATION, "redirect", reply.status(),
                name + " redirected the request to " + target + " instead of answering it.",
                "Set the " + name + " base URL to the address the API really answers on (not a proxy login page).");
    }

    private Optional<Outcome.Failure> safeAdmit(CallRequest request, CallContext context) {
        try {
            return pacing.admit(request, context);
        } catch (RuntimeException e) {
            LOG.error("pacing failed for {}: {}", request.service().id(), e.toString());
            return Optional.empty();
        }
    }

    private void safeObserve(CallRequest request, Answer answer, Outcome outcome) {
        try {
            pacing.observe(request, answer, outcome);
        } catch (RuntimeException e) {
            LOG.error("pacing observe failed for {}: {}", request.service().id(), e.toString());
        }
    }

    private Answer safeSend(CallRequest request) {
        try {
            return wire.send(request);
        } catch (RuntimeException e) {
            return new Answer.TransportFailure(e);
        }
    }

    private Optional<String> safeRecord(Occurrence occurrence) {
        try {
            return sink.record(occurrence);
        } catch (RuntimeException e) {
            LOG.error("could not record failure of {}: {}", occurrence.service().id(), e.getClass().getSimpleName());
            return Optional.empty();
        }
    }
}
