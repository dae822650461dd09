package dev.aperture.calls;

import dev.aperture.logs.LogText;
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
 * The one outbound pipeline: pacing → wire → shared preamble → the service's classifier → recorder →
 * observers. Every call to a service, from a Test Connection, a health check or a job, goes through
 * {@link #call}; nothing it does throws.
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
        Pacing.Admission admission = safeAdmit(request, context);
        CallResult result;
        if (admission instanceof Pacing.Refused refused) {
            result = new CallResult(request.service(), refused.why(), Optional.empty(),
                    Duration.ofNanos(System.nanoTime() - t0), Optional.empty());
        } else {
            result = send(request, context, (Pacing.Permit) admission, started, t0);
        }
        observer.completed(new CallObserver.Finished(request, context, result, admission.held(), clock.instant()));
        return result;
    }

    private CallResult send(CallRequest request, CallContext context, Pacing.Permit permit, Instant started, long t0) {
        Answer answer = safeSend(request);
        Outcome outcome = classify(request, answer);
        safeDone(request, permit, answer, outcome);
        Duration latency = Duration.ofNanos(System.nanoTime() - t0);
        Optional<Recorded> recorded = Optional.empty();
        if (outcome instanceof Outcome.Failure failure) {
            RequestDetails details = Sanitizer.details(request, answer, latency);
            // Unrecorded calls (a test of unsaved settings, a device-flow poll that is still pending) are not
            // problems of the saved setup: the same line, one level down.
            String line = "call failed service={} type={} code={} status={} method={} url={} durationMs={}";
            // The code and URL carry provider and admin text: quoted when they are more than one plain token, so
            // they cannot fake the fields after them.
            Object[] args = {request.service().id(), failure.type().wire(), LogText.field(failure.code(), 200),
                    failure.httpStatus(), details.method(), LogText.field(details.url(), 2000), details.durationMs()};
            if (context.record()) {
                LOG.warn(line, args);
            } else if (context.purpose() == Purpose.POLL) {
                LOG.debug(line, args);
            } else {
                LOG.info(line, args);
            }
            // A call cut short because Aperture itself is stopping says nothing about the service.
            boolean interrupted = answer instanceof Answer.TransportFailure t
                    && t.cause() instanceof InterruptedException;
            if (context.record() && !interrupted) {
                recorded = safeRecord(new Occurrence(request.service(), failure, details, context.jobRunId(), started));
            }
        }
        return new CallResult(request.service(), outcome,
                answer instanceof Answer.Reply r ? Optional.of(r) : Optional.empty(), latency, recorded);
    }

    private Outcome classify(CallRequest request, Answer answer) {
        Instant now = clock.instant();
        boolean selfHosted = this.selfHosted.getOrDefault(request.service(), false);
        try {
            Outcome outcome;
            if (answer instanceof Answer.TransportFailure t) {
                outcome = Transport.classify(request.service(), t.cause(), selfHosted);
            } else {
                Classifier classifier = classifiers.get(request.service());
                outcome = Preamble.classify(request, (Answer.Reply) answer, selfHosted, classifier.jsonApi(), now)
                        .orElseGet(() -> classifier.classify(request, (Answer.Reply) answer, now));
            }
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

    private Pacing.Admission safeAdmit(CallRequest request, CallContext context) {
        try {
            return pacing.admit(request, context);
        } catch (RuntimeException e) {
            LOG.error("pacing failed for {}: {}", request.service().id(), e.toString());
            return Pacing.granted(Pacing.Held.NONE);
        }
    }

    private static void safeDone(CallRequest request, Pacing.Permit permit, Answer answer, Outcome outcome) {
        try {
            permit.done(answer, outcome);
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

    private Optional<Recorded> safeRecord(Occurrence occurrence) {
        try {
            return sink.record(occurrence);
        } catch (RuntimeException e) {
            LOG.error("could not record failure of {}: {}", occurrence.service().id(), e.getClass().getSimpleName());
            return Optional.empty();
        }
    }
}
