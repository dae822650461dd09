package dev.aperture.quotas;

import dev.aperture.calls.Answer;
import dev.aperture.calls.CallObserver;
import dev.aperture.calls.CallRequest;
import dev.aperture.calls.Cdn;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Outcome;
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
    /** A refusal whose reset is nearer than this is pacing (a per-second or per-minute limit), not a used-up day. */
    private static final Duration PACE_RESET = Duration.ofMinutes(5);

    /** One service's count in its current window. */
    private static final class Count {
        Instant windowStart = Instant.EPOCH;
        long used;
    }

    /** The database's count of a window this process has not counted in, as read at {@code readAt}. */
    private record Read(Instant windowStart, long used, Instant readAt) {}

    /**
     * How long a durable count read from the database is shown before it is read again. The bar and the status
     * of a card each asked for it on every view of the Integrations page, the dashboard and every live poll
     * (docs/benchmarks.md, "Read path"); another instance's calls now show within this second.
     */
    static final Duration READ_FOR = Duration.ofSeconds(1);

    private final Map<ServiceId, PacingPolicy> policies;
    private final Map<ServiceId, Boolean> probeCosts;
    private final UsageCounts persisted;
    private final QuotaWarning warning;
    private final Clock clock;
    private final int warnPercent;
    private final Map<ServiceId, Count> counts = new EnumMap<>(ServiceId.class);
    private final Map<ServiceId, Usage> reported = new ConcurrentHashMap<>();
    private final Map<ServiceId, Read> read = new ConcurrentHashMap<>();
    private final LearnedLimits learned;

    public QuotaBook(Map<ServiceId, PacingPolicy> policies, Map<ServiceId, Boolean> probeCosts, Jdbi jdbi,
                     QuotaWarning warning, Clock clock, int warnPercent) {
        this.policies = new EnumMap<>(policies);
        this.probeCosts = new EnumMap<>(probeCosts);
        this.persisted = new UsageCounts(jdbi);
        this.learned = new LearnedLimits(jdbi);
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
            Optional<Instant> usedUpUntil = usedUpUntil(policy, call, reply);
            long servedBefore = usedUpUntil.isPresent() ? view(service, at).used() : 0;
            count(service, policy, at);
            Optional<Usage> said = policy.quota().reader().read(request, reply, at);
            said.ifPresent(u -> reported.put(service, u));
            if (usedUpUntil.isPresent()) {
                // The provider's own figures win where it states them on the refusal; else what it served so far.
                Long observed = said.filter(u -> u.used() >= u.limit()).map(Usage::limit)
                        .orElse(servedBefore > 0 ? servedBefore : null);
                learned.exhausted(service, observed, at, usedUpUntil.get());
                if (said.isEmpty()) {
                    // Figures stated earlier in the window ("990 left") are what the refusal just proved wrong.
                    reported.remove(service);
                }
            } else if (call.outcome() instanceof Outcome.Success) {
                learned.served(service, at);
                Optional<LearnedLimits.Learned> taught = learned.of(service);
                if (taught.isPresent() && taught.get().limit() != null
                        && view(service, at).used() > taught.get().limit()) {
                    // Served beyond the limit its last refusal taught: that was not the key's limit.
                    learned.forget(service);
                    warning.disproven(service);
                }
                // A stated "0 left" the provider has just contradicted by serving the call.
                reported.computeIfPresent(service, (k, u) -> u.used() >= u.limit() && said.isEmpty() ? null : u);
            }
            QuotaView view = view(service, at);
            // A used-up quota is told by the provider's refusal (a rate-limit alert); no forecast beside it.
            if (view.warning() && !view.exhausted() && policy.quota().window() == QuotaWindow.UTC_DAY) {
                warning.crossed(service, view, at);
            }
        } catch (RuntimeException e) {
            LOG.error("quota accounting failed for {}: {}", service.id(), e.toString());
        }
    }

    /**
     * When a daily quota refusal says the window is used up, its end: a rate limit on a per-day quota whose reset
     * is more than {@link #PACE_RESET} away (a shorter one is pacing). A CDN's HTML page counts nothing of the key.
     */
    private static Optional<Instant> usedUpUntil(PacingPolicy policy, Finished call, Answer.Reply reply) {
        QuotaWindow window = policy.quota().window();
        if (window != QuotaWindow.UTC_DAY || !(call.outcome() instanceof Outcome.Failure f)
                || f.type() != ErrorType.RATE_LIMIT || Cdn.isHtml(reply)) {
            return Optional.empty();
        }
        Instant reset = f.resetAt().orElse(window.end(call.at()));
        return Duration.between(call.at(), reset).compareTo(PACE_RESET) > 0 ? Optional.of(reset) : Optional.empty();
    }

    /** New settings of a service (perhaps another key): what its old key's refusals taught no longer holds. */
    public void forget(ServiceId service) {
        learned.forget(service);
        reported.remove(service);
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
        String limitSource = said.isPresent() ? "provider" : "configured";
        Optional<LearnedLimits.Learned> taught = window == QuotaWindow.UTC_DAY ? learned.of(service) : Optional.empty();
        if (taught.isPresent() && taught.get().limit() != null && !"provider".equals(limitSource)) {
            limit = taught.get().limit();
            limitSource = "observed";
        }
        boolean exhausted = taught.isPresent() && taught.get().usedUpAt(now);
        if (exhausted) {
            // The provider said so: used up until its reset, whatever Aperture counted or assumed the limit was.
            resetAt = taught.get().resetAt();
            if (limit != null) {
                used = limit;
            }
        }
        Long remaining = limit == null ? (exhausted ? Long.valueOf(0) : null) : Long.valueOf(Math.max(0, limit - used));
        Integer percent = exhausted ? Integer.valueOf(100)
                : limit == null || limit == 0 ? null : Integer.valueOf((int) Math.min(100, used * 100 / limit));
        boolean warn = exhausted || (percent != null && used * 100 >= (long) warnPercent * limit);
        Instant windowStart = said.isPresent() ? resetAt.minus(window.length()) : start;
        Instant forecast = exhausted ? taught.get().exhaustedAt() : forecast(used, limit, windowStart, now, resetAt);
        return new QuotaView(service.id(), window.wire(), used, limit, remaining, resetAt, forecast, percent, warn,
                source, probeCosts.getOrDefault(service, false), exhausted, limitSource);
    }

    private long countedIn(ServiceId service, Instant start, QuotaWindow window, PacingPolicy.Quota quota) {
        Count c = counts.get(service);
        synchronized (c) {
            if (c.windowStart.equals(start)) {
                return c.used;
            }
        }
        // Nothing counted by this process yet in this window: another process or a previous run may have.
        if (window != QuotaWindow.UTC_DAY || quota.limit().isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        Read last = read.get(service);
        if (last != null && last.windowStart().equals(start) && !now.isBefore(last.readAt())
                && now.isBefore(last.readAt().plus(READ_FOR))) {
            return last.used();
        }
        long used = persisted.used(service, start);
        read.put(service, new Read(start, used, now));
        return used;
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
