package dev.aperture.ui;

import dev.aperture.alerts.Alert;
import dev.aperture.alerts.AlertStore;
import dev.aperture.alerts.ErrorStats;
import dev.aperture.calls.AlertTitle;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.ServiceId;
import dev.aperture.calls.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The error patterns an admin would otherwise have to spot in the error list, found for them: repeated
 * authentication errors, frequent rate limits and persistent outages, stated with their numbers.
 */
final class Patterns {

    /** Rate limits this often in a day are "frequent": the schedule or the tier no longer fits. */
    static final int FREQUENT_RATE_LIMITS = 3;
    /** An outage this long is "persistent" rather than a blip. */
    static final Duration PERSISTENT = Duration.ofMinutes(15);

    private final AlertStore alerts;
    private final Clock clock;

    Patterns(AlertStore alerts, Clock clock) {
        this.alerts = alerts;
        this.clock = clock;
    }

    /** {@code includeDismissed}: dismissed alerts and their occurrences count too, as on the dashboard's switch. */
    List<Pattern> find(boolean includeDismissed) {
        Instant now = clock.instant();
        List<Pattern> out = new ArrayList<>();
        List<Alert> ongoing = new ArrayList<>();
        for (ServiceId s : ServiceId.values()) {
            alerts.ongoing(s.id()).stream().filter(a -> a.counts(includeDismissed)).forEach(ongoing::add);
        }
        ongoing.sort(Comparator.comparing(Alert::firstSeenAt));
        for (Alert a : ongoing) {
            String service = ServiceId.parse(a.service()).map(ServiceId::displayName).orElse(a.service());
            // Two patterns of one service must not read the same: the subject (a user, a list) is named.
            String of = a.subject() == null || a.subject().isBlank() ? ""
                    : ServiceId.parse(a.service()).map(s -> " for " + AlertTitle.subject(s, a.subject()))
                            .orElse(" for " + a.subject());
            String name = service;
            String href = "/alerts/" + a.id();
            String times = times(a.count());
            switch (a.type()) {
                case AUTHENTICATION -> out.add(new Pattern(Severity.ERROR, name + " rejected the credentials" + of + " " + times
                        + " since", a.firstSeenAt(), a.count() > 1 ? ": a key that keeps failing will not start "
                        + "working by itself; check it at the provider and save it again." : ".", href));
                case CONFIGURATION -> out.add(new Pattern(Severity.ERROR, name + (of.isEmpty()
                        ? " failed because of its settings " : " failed" + of + " ") + times + " since", a.firstSeenAt(), ": " + a.message(), href));
                case OUTAGE -> {
                    Duration lasting = Duration.between(a.firstSeenAt(), now);
                    if (lasting.compareTo(PERSISTENT) >= 0) {
                        out.add(new Pattern(Severity.INFO, name + " has been failing" + of + " since", a.firstSeenAt(), " ("
                                + words(lasting) + ", " + times + "). Aperture keeps retrying; check the provider's "
                                + "status page if this goes on.", href));
                    }
                }
                case RATE_LIMIT -> { }
            }
        }
        Map<String, Long> rateLimits = new TreeMap<>();
        Map<String, Instant> firstRateLimit = new TreeMap<>();
        for (ErrorStats.Point p : alerts.errorsSince(now.minus(Duration.ofHours(24)), Duration.ofHours(1),
                includeDismissed)) {
            if (p.type() == ErrorType.RATE_LIMIT) {
                rateLimits.merge(p.service(), p.occurrences(), Long::sum);
                firstRateLimit.putIfAbsent(p.service(), p.at());
            }
        }
        rateLimits.forEach((service, n) -> {
            if (n >= FREQUENT_RATE_LIMITS) {
                String name = ServiceId.parse(service).map(ServiceId::displayName).orElse(service);
                out.add(new Pattern(Severity.WARNING, name + " hit its rate limit " + times(n) + " since",
                        firstRateLimit.get(service), " (last 24 hours): space out the jobs that use it, or upgrade "
                        + "the API tier if this keeps happening.", "/errors?service=" + service + "&type=rate_limit&range=24h"));
            }
        });
        return out;
    }

    private static String times(long n) {
        return n == 1 ? "once" : n == 2 ? "twice" : n + " times";
    }

    static String words(Duration d) {
        long minutes = d.toMinutes();
        if (minutes < 60) {
            return minutes + " min";
        }
        if (minutes < 48 * 60) {
            return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        }
        return d.toDays() + " days";
    }
}
