package dev.aperture.quotas;

import dev.aperture.calls.Answer;
import dev.aperture.calls.CallObserver;
import dev.aperture.calls.CallRequest;
import dev.aperture.calls.ServiceId;
import dev.aperture.pacing.PacingPolicy;
import dev.aperture.pacing.QuotaWindow;
import dev.aperture.pacing.Usage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quota use per service and window: every call the pipeline sends is counted (a daily quota with a limit
 * in the database, so it survives restarts and is shared by every process), and where the provider states
 * its own figures (MDBList, OpenAI, Trakt) its word wins. Crossing the warning threshold of a daily quota
 * records one rate-limit warning per window, forecasting when the quota runs out at the current rate.
 */
public final class QuotaBook implements CallObserver {

    private static final Logger LOG = LoggerFactory.getLogger(QuotaBook.class);

    /** One service's count in its current window. */
    private static final class Count {
        Instant windowStart = Instant.EPOCH;
        long used;
    }

    private final Map<ServiceId, PacingPolicy> policies;
    private final Map<ServiceId, Boolean> probeCosts;
    private final UsageCounts persisted;
    private final QuotaWarning warning;
    private final Clock clock;
    private final int warnPercent;
    private final Map<ServiceId, Count> counts = new EnumMap<>(ServiceId.class);
    private final Map<ServiceId, Usage> reported = new ConcurrentHashMap<>();

    public QuotaBook(Map<ServiceId, PacingPolicy> policies, Map<ServiceId, Boolean> probeCosts, Jdbi jdbi,
                     QuotaWarning warning, Clock clock, int warnPercent) {
        this.policies = new EnumMap<>(policies);
        this.probeCosts = new EnumMap<>(probeCosts);
        this.persisted = new UsageCounts(jdbi);
        this.warning = warning;
        this.clock = clock;
        this.warnPercent = warnPercent;
        policies.keySet().forEach(id -> counts.put(id, new Count()));
    }

    @Override
    public void completed(Finished call) {
        CallRequest request = call.request();
        ServiceId service = request.service();
        Instant at = call.at();
        PacingPolicy policy = policies.get(service);
        // A call that never reached the provider cost nothing; Trakt counts only GETs against its window.
        if (policy == null || call.result().reply().isEmpty() || !countsAgainstQuota(policy, request)) {
            return;
        }
        Answer.Reply reply = call.result().reply().get();
        try {
            count(service, policy, at);
            policy.quota().reader().read(request, reply, at).ifPresent(u -> reported.put(service, u));
            QuotaView view = view(service, at);
            if (view.warning() && policy.quota().window() == QuotaWindow.UTC_DAY) {
                warning.crossed(service, view, at);
            }
        } catch (RuntimeException e) {
            LOG.error("quota accounting failed for {}: {}", service.id(), e.toString());
        }
    }

    private static boolean countsAgainstQuota(PacingPolicy policy, CallRequest request) {
        boolean split = !policy.writes().equals(policy.reads());
        return !split || request.method().equalsIgnoreCase("GET") || request.method().equalsIgnoreCase("HEAD");
    }

    private void count(ServiceId service, PacingPolicy policy, Instant at) {
        QuotaWindow window = policy.quota().window();
        Instant start = window.start(at);
        boolean durable = window == QuotaWindow.UTC_DAY && policy.quota().limit().isPresent();
        long total = durable ? persisted.add(service, start) : -1;
        Count c = counts.get(service);
        synchronized (c) {
            if (!c.windowStart.equals(start)) {
                c.windowStart = start;
                c.used = 0;
            }
            c.used = durable ? Math.max(c.used, total) : c.used + 1;
        }
    }

    /** Every service's quota now, in service order. */
    public List<QuotaView> all() {
        Instant now = clock.instant();
        List<QuotaView> out = new ArrayList<>();
        policies.keySet().forEach(id -> out.add(view(id, now)));
        return out;
    }

    public QuotaView of(ServiceId service) {
        return view(service, clock.instant());
    }

    /** Whether the service has used its warning share of the quota in this window. */
    public boolean nearlyUsed(ServiceId service) {
        return policies.containsKey(service) && of(service).warning();
    }

    QuotaView view(ServiceId service, Instant now) {
        PacingPolicy.Quota quota = policies.get(service).quota();
        QuotaWindow window = quota.window();
        Instant start = window.start(now);
        Optional<Usage> said = Optional.ofNullable(reported.get(service)).filter(u -> u.resetAt().isAfter(now));
        long used;
        Long limit;
        Instant resetAt;
        String source;
        if (said.isPresent()) {
            used = said.get().used();
            limit = said.get().limit();
            resetAt = said.get().resetAt();
            source = "provider";
        } else {
            used = countedIn(service, start, window, quota);
            limit = quota.limit().isPresent() ? quota.limit().getAsLong() : null;
            resetAt = window.end(now);
            source = "counted";
        }
        Long remaining = limit == null ? null : Math.max(0, limit - used);
        Integer percent = limit == null || limit == 0 ? null : (int) Math.min(100, used * 100 / limit);
        boolean warn = percent != null && used * 100 >= (long) warnPercent * limit;
        Instant windowStart = said.isPresent() ? resetAt.minus(window.length()) : start;
        return new QuotaView(service.id(), window.wire(), used, limit, remaining, resetAt,
                forecast(used, limit, windowStart, now, resetAt), percent, warn, source,
                probeCosts.getOrDefault(service, false));
    }

    private long countedIn(ServiceId service, Instant start, QuotaWindow window, PacingPolicy.Quota quota) {
        Count c = counts.get(service);
        synchronized (c) {
            if (c.windowStart.equals(start)) {
                return c.used;
            }
        }
        // Nothing counted by this process yet in this window: another process or a previous run may have.
        return window == QuotaWindow.UTC_DAY && quota.limit().isPresent() ? persisted.used(service, start) : 0;
    }

    /**
     * When the quota runs out at the average rate of this window so far; null when it lasts until the reset
     * (or nothing has been used). Already used up: now.
     */
    static Instant forecast(long used, Long limit, Instant windowStart, Instant now, Instant resetAt) {
        if (limit == null || used <= 0) {
            return null;
        }
        if (used >= limit) {
            return now;
        }
        long elapsedMs = Math.max(1000, Duration.between(windowStart, now).toMillis());
        double perMs = (double) used / elapsedMs;
        Instant at = now.plusMillis((long) Math.ceil((limit - used) / perMs));
        return at.isBefore(resetAt) ? at : null;
    }

    /** Drops persisted windows older than a week. */
    public void prune() {
        persisted.prune(clock.instant().minus(Duration.ofDays(7)));
    }
}
