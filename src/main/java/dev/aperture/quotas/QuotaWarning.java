package dev.aperture.quotas;

import dev.aperture.alerts.Alert;
import dev.aperture.alerts.AlertStore;
import dev.aperture.alerts.Resolution;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Occurrence;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.RequestDetails;
import dev.aperture.calls.ServiceId;
import dev.aperture.logs.LocalTimes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The warning before a daily quota runs out: a rate-limit alert with subject "quota" (so it never merges
 * with a real refusal), recorded once per service and window; the alert key de-duplicates across processes.
 */
public final class QuotaWarning {

    static final String SUBJECT = "quota";
    /** The alert code of a quota warning; a passing call never resolves it before the window resets. */
    public static final String CODE = "quota_nearly_used";

    private final AlertStore alerts;
    private final Map<ServiceId, Instant> warnedFor = new ConcurrentHashMap<>();

    public QuotaWarning(AlertStore alerts) {
        this.alerts = alerts;
    }

    /**
     * The provider served a call beyond the limit learned from its last refusal, so that limit was not the key's
     * (a new tier, or a refusal for another reason): a warning counted against it is wrong too.
     */
    void disproven(ServiceId service) {
        warnedFor.remove(service);
        List<String> ids = alerts.ongoing(service.id()).stream()
                .filter(a -> SUBJECT.equals(a.subject()) && CODE.equals(a.code())).map(Alert::id).toList();
        alerts.end(ids, Resolution.JOB, "a call " + service.displayName() + " served beyond the observed limit");
    }

    void crossed(ServiceId service, QuotaView view, Instant at) {
        if (view.resetAt().equals(warnedFor.put(service, view.resetAt()))) {
            return;
        }
        String name = service.displayName();
        // Local times as the rest of the text the server writes, never ISO instants with nanoseconds.
        String reset = LocalTimes.at(view.resetAt(), at);
        String forecast = view.forecastExhaustedAt() == null
                ? "At the current rate it lasts until the reset at " + reset + "."
                : "At the current rate it runs out at " + LocalTimes.at(view.forecastExhaustedAt(), at)
                        + ", before the reset at " + reset + ".";
        Outcome.Failure f = new Outcome.Failure(ErrorType.RATE_LIMIT, CODE, null,
                name + " has used " + view.used() + " of its " + view.limit() + " requests for today ("
                        + view.percentUsed() + "%). " + forecast,
                "Space out jobs that call " + name + ", or raise the limit for a higher tier (APERTURE_QUOTA_"
                        + service.id().toUpperCase(java.util.Locale.ROOT) + "). The quota resets at " + reset + ".")
                .withResetAt(view.resetAt()).withSubject(SUBJECT);
        alerts.record(new Occurrence(service, f, new RequestDetails("GET", "(quota of " + service.id() + ")", Map.of(),
                null, "", 0), null, at), 1);
    }
}
