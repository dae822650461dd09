package dev.aperture.integrations;

import dev.aperture.alerts.Alert;
import dev.aperture.calls.Severity;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place a service's status is derived: whether it is on, whether a probe is running, its alerts and
 * its quota. A dismissed alert is acknowledged: it leaves the status as it leaves every total and count, so a
 * red chip never stands beside "No open alerts"; a view may ask to include dismissed ones. Which alerts count
 * is {@link Alert#counts}, the same test the totals and the chart apply.
 */
public final class ServiceStates {

    /**
     * The most pressing counted alert of one subject (a user, a list) of a service, for the row that shows that
     * subject; {@code key} is the subject as the row names it ("bob" for "user bob", "42" for "user 42").
     */
    public record SubjectAlert(String subject, String key, Severity severity, String alertId, String title) {}

    /** Errors first, then the most recently seen: the alert a row should point at. */
    private static final Comparator<Alert> PRESSING = Comparator.comparingInt((Alert a) -> a.severity().ordinal())
            .thenComparing(Alert::lastSeenAt, Comparator.reverseOrder());

    private ServiceStates() {}

    /** {@code alerts}: the service's unresolved alerts (any subject), dismissed ones among them or not. */
    public static IntegrationStatus of(boolean active, boolean testing, List<Alert> alerts, boolean includeDismissed,
                                       boolean quotaNearlyUsed) {
        if (!active) {
            return IntegrationStatus.NOT_CONFIGURED;
        }
        if (testing) {
            return IntegrationStatus.TESTING;
        }
        List<Alert> counted = alerts.stream().filter(a -> a.counts(includeDismissed)).toList();
        if (counted.stream().anyMatch(a -> a.severity() == Severity.ERROR)) {
            return IntegrationStatus.ERROR;
        }
        // Rate limited, degraded (an outage), or a quota past its warning share: working, but not for long.
        return counted.isEmpty() && !quotaNearlyUsed ? IntegrationStatus.CONNECTED : IntegrationStatus.WARNING;
    }

    /**
     * Per subject, the most pressing alert that counts, in subject order: what marks a user's or a list's row,
     * from the same alerts and the same test as the service's status, so a row is marked exactly while the
     * status and the alert list show its alert.
     */
    public static List<SubjectAlert> subjects(List<Alert> alerts, boolean includeDismissed) {
        Map<String, Alert> worst = new LinkedHashMap<>();
        alerts.stream().filter(a -> a.counts(includeDismissed) && a.subject() != null && !a.subject().isBlank())
                .sorted(PRESSING).forEach(a -> worst.putIfAbsent(a.subject(), a));
        return worst.values().stream().sorted(Comparator.comparing(Alert::subject))
                .map(a -> new SubjectAlert(a.subject(), key(a.subject()), a.severity(), a.id(), a.title())).toList();
    }

    /** The subjects' alerts by the name their rows use. */
    public static Map<String, SubjectAlert> byKey(List<SubjectAlert> subjects) {
        Map<String, SubjectAlert> out = new LinkedHashMap<>();
        subjects.forEach(s -> out.putIfAbsent(s.key(), s));
        return out;
    }

    /** Trakt names a user "bob" or "user bob", Jellyseerr "user 42", MDBList a list "top" or "list top". */
    private static String key(String subject) {
        String s = subject.trim();
        for (String prefix : new String[] {"user ", "list "}) {
            if (s.startsWith(prefix)) {
                return s.substring(prefix.length()).trim();
            }
        }
        return s;
    }
}
