package dev.aperture.notify;

import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Severity;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One notification as every flavour renders it: one event, the alerts it concerns (several when
 * a batch collected them), and where links point. Holds no channel setting, so it is stored in the
 * outbox as is and rendered with the channel's current settings at each attempt.
 */
public record Message(Event event, List<Notice> notices, Instant createdAt, String publicUrl, boolean test) {

    static final int LISTED = 10;

    public Message {
        notices = List.copyOf(notices);
    }

    /** A one-line summary: the alert's title, or how many alerts the batch holds. */
    public String headline() {
        String prefix = test ? "Test: " : "";
        if (notices.size() == 1) {
            Notice n = notices.get(0);
            return prefix + switch (event) {
                case OPENED -> n.title();
                case RESOLVED -> "Resolved: " + n.title();
                case REMINDER -> "Still open: " + n.title();
            };
        }
        return prefix + notices.size() + switch (event) {
            case OPENED -> " alerts opened";
            case RESOLVED -> " alerts resolved";
            case REMINDER -> " alerts still open";
        } + ": " + notices.stream().map(Notice::serviceName).distinct().collect(Collectors.joining(", "));
    }

    public String link(Notice n) {
        return publicUrl + "/alerts/" + n.alertId();
    }

    /** The highest severity among the alerts: what colours and priorities follow. */
    public Severity topSeverity() {
        // Severity's constants run from the highest (ERROR) to the lowest (INFO).
        return notices.stream().map(Notice::severity).min(Comparator.naturalOrder()).orElse(Severity.INFO);
    }

    /** Plain text for email, ntfy and Gotify: one paragraph per alert, at most {@value #LISTED}. */
    public String plainText() {
        StringBuilder sb = new StringBuilder();
        if (test) {
            sb.append("This is a test message from Aperture: the channel works.\n\n");
        }
        for (Notice n : notices.subList(0, Math.min(LISTED, notices.size()))) {
            sb.append(event == Event.RESOLVED ? "Resolved: " : "").append(n.title())
                    .append(" (").append(n.severity().wire()).append(")\n");
            sb.append(n.message()).append('\n');
            if (event != Event.RESOLVED && !n.action().isBlank()) {
                sb.append("Action: ").append(n.action()).append('\n');
            }
            sb.append("Occurrences: ").append(n.count()).append(", first seen ").append(n.firstSeenAt());
            if (n.resolvedAt() != null) {
                sb.append(", resolved ").append(n.resolvedAt());
            }
            sb.append('\n').append(link(n)).append("\n\n");
        }
        if (notices.size() > LISTED) {
            sb.append("… and ").append(notices.size() - LISTED).append(" more in Aperture: ")
                    .append(publicUrl).append("/alerts\n");
        }
        return sb.toString().stripTrailing();
    }

    /** What the Test button sends: an alert that looks like a real one, marked as a test. */
    static Message sample(Instant now, String publicUrl) {
        Notice n = new Notice("test", "tmdb", ErrorType.AUTHENTICATION, Severity.ERROR, "TMDb Authentication Error",
                "Invalid API key: You must be granted a valid key.",
                "Check or regenerate the TMDb API key, save it in Aperture and click Test Connection.", 1, now, now,
                null);
        return new Message(Event.OPENED, List.of(n), now, publicUrl, true);
    }
}
