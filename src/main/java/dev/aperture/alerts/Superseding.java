package dev.aperture.alerts;

import dev.aperture.calls.CallObserver;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.ServiceId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link Supersession} to every finished call: the alerts its answer proves wrong end, with the
 * answer as their reason. The open alerts of each service are kept in memory between calls so a run of
 * hundreds of successful calls reads the store once, not once per call; the copy is dropped when an alert
 * of the service opens or ends here, after a limit or configuration failure (its reset or code changed), and
 * at the latest after {@link #STALE_AFTER}, which is how alerts opened by another instance are seen.
 */
public final class Superseding implements CallObserver, AlertListener {

    private static final Logger LOG = LoggerFactory.getLogger(Superseding.class);
    static final Duration STALE_AFTER = Duration.ofSeconds(5);

    /** The store step: {@link AlertStore#end}. */
    @FunctionalInterface
    public interface Ender {
        List<Alert> end(Collection<String> alertIds, Resolution why, String endedBy);
    }

    private record Snapshot(List<Alert> open, Instant readAt) {}

    private final Function<String, List<Alert>> ongoing;
    private final Ender ender;
    private final Clock clock;
    private final Map<ServiceId, Snapshot> known = new ConcurrentHashMap<>();

    public Superseding(Function<String, List<Alert>> ongoing, Ender ender, Clock clock) {
        this.ongoing = ongoing;
        this.ender = ender;
        this.clock = clock;
    }

    @Override
    public void completed(Finished call) {
        Supersession.of(call).ifPresent(seen -> {
            if (call.outcome() instanceof Outcome.Failure f
                    && (f.type() == ErrorType.RATE_LIMIT || f.type() == ErrorType.CONFIGURATION)) {
                known.remove(seen.service());
            }
            List<Alert> ending = Supersession.ending(seen, open(seen.service()));
            if (ending.isEmpty()) {
                return;
            }
            List<Alert> ended = ender.end(ending.stream().map(Alert::id).toList(), seen.resolution(), seen.words());
            known.remove(seen.service());
            if (!ended.isEmpty()) {
                LOG.info("service={} ended {} alert(s) by a {}", seen.service().id(), ended.size(),
                        seen.kind().name().toLowerCase(java.util.Locale.ROOT));
            }
        });
    }

    private List<Alert> open(ServiceId service) {
        Instant now = clock.instant();
        Snapshot s = known.get(service);
        if (s == null || !now.isBefore(s.readAt().plus(STALE_AFTER)) || now.isBefore(s.readAt())) {
            s = new Snapshot(ongoing.apply(service.id()), now);
            known.put(service, s);
        }
        return s.open();
    }

    @Override
    public void opened(Alert alert) {
        ServiceId.parse(alert.service()).ifPresent(known::remove);
    }

    @Override
    public void resolved(List<Alert> alerts) {
        alerts.forEach(a -> ServiceId.parse(a.service()).ifPresent(known::remove));
    }

    /** Tells both listeners, in order. */
    public static AlertListener both(AlertListener first, AlertListener second) {
        return new AlertListener() {
            @Override
            public void opened(Alert alert) {
                first.opened(alert);
                second.opened(alert);
            }

            @Override
            public void resolved(List<Alert> alerts) {
                first.resolved(alerts);
                second.resolved(alerts);
            }
        };
    }
}
