package dev.aperture.notify;

import dev.aperture.calls.Severity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A channel as the API shows it: secrets and header values masked, rules, and delivery health. */
public record ChannelView(String id, String name, ChannelType type, boolean enabled, ChannelStatus status,
                   Map<String, String> settings, Map<String, String> headers, RulesView rules, int consecutiveFailures, String lastError,
                   Instant lastFailureAt, Instant lastSuccessAt, long pendingDeliveries, List<String> fields,
                   Instant createdAt, Instant updatedAt) {

    public record RulesView(List<Severity> severities, List<String> services, boolean sendResolved,
                     Long reminderIntervalMinutes, QuietView quietHours, DigestView digest) {}

    /** Quiet hours as the API shows them: local times as HH:mm, the zone by name. */
    public record QuietView(String start, String end, String zone, Severity minSeverity) {}

    public record DigestView(String at, String zone) {}

    static ChannelView of(ChannelConfig c, Channel flavour, long pending) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Setting s : flavour.settings()) {
            settings.put(s.name(), s.secret() ? c.settings().secret(s.name()).masked()
                    : s.kind() == Setting.Kind.URL ? ChannelUrls.masked(c.settings().value(s)) : c.settings().value(s));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        c.settings().headers().forEach((k, v) -> headers.put(k, v.masked()));
        Rules r = c.rules();
        RulesView rules = new RulesView(r.severities().stream().sorted().toList(),
                r.services().stream().sorted().toList(), r.sendResolved(),
                r.reminderInterval() == null ? null : r.reminderInterval().toMinutes(),
                r.quiet() == null ? null : new QuietView(r.quiet().start().toString(), r.quiet().end().toString(),
                        r.quiet().zone().getId(), r.quiet().minimum()),
                r.digest() == null ? null : new DigestView(r.digest().at().toString(), r.digest().zone().getId()));
        ChannelConfig.Health h = c.health();
        return new ChannelView(c.id(), c.name(), c.type(), c.enabled(), c.status(), settings, headers, rules,
                h.consecutiveFailures(), h.lastError(), h.lastFailureAt(), h.lastSuccessAt(), pending,
                flavour.settings().stream().map(Setting::name).toList(), h.createdAt(), h.updatedAt());
    }
}
