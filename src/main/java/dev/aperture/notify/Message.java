package dev.aperture.notify;

import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Severity;
import java.time.Duration;
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

    static final String SLEPT = "Opened and resolved while you slept: ";
    static final Duration DIGEST_SPAN = Duration.ofHours(24);

    /** A one-line summary: the alert's title, or how many alerts the batch holds. */
    public String headline() {
        String prefix = test ? "Test: " : "";
        if (event == Event.DIGEST) {
            return prefix + digestHeadline();
        }
        if (notices.size() == 1) {
            Notice n = notices.get(0);
            return prefix + switch (event) {
                case OPENED -> n.resolvedAt() != null ? SLEPT + n.title() : n.title();
                case RESOLVED -> "Resolved: " + n.title();
                case REMINDER -> "Still open: " + n.title();
                case DIGEST -> n.title();
            };
        }
        long slept = event == Event.OPENED ? notices.stream().filter(n -> n.resolvedAt() != null).count() : 0;
        return prefix + notices.size() + switch (event) {
            case OPENED -> " alerts opened";
            case RESOLVED -> " alerts resolved";
            case REMINDER -> " alerts still open";
            case DIGEST -> " alerts";
        } + (slept > 0 ? " (" + slept + " opened and resolved while you slept)" : "") + ": "
                + notices.stream().map(Notice::serviceName).distinct().collect(Collectors.joining(", "));
    }

    /** What one alert's line starts with: resolved, or (after quiet hours) opened and resolved in the meantime. */
    public String label(Notice n) {
        if (event == Event.RESOLVED) {
            return "Resolved: ";
        }
        return event == Event.OPENED && n.resolvedAt() != null ? SLEPT : "";
    }

    /** The digest's three lists, over the 24 hours before the message was made. */
    public List<Notice> digestOpened() {
        Instant since = createdAt.minus(DIGEST_SPAN);
        return notices.stream().filter(n -> !n.firstSeenAt().isBefore(since)).toList();
    }

    public List<Notice> digestResolved() {
        Instant since = createdAt.minus(DIGEST_SPAN);
        return notices.stream().filter(n -> n.resolvedAt() != null && !n.resolvedAt().isBefore(since)).toList();
    }

    public List<Notice> digestStillOpen() {
        return notices.stream().filter(n -> n.resolvedAt() == null).toList();
    }

    private String digestHeadline() {
        if (notices.isEmpty()) {
            return "Daily digest: all clear";
        }
        return "Daily digest: " + digestOpened().size() + " opened, " + digestResolved().size() + " resolved, "
                + digestStillOpen().size() + " still open";
    }

    private String digestText() {
        if (notices.isEmpty()) {
            return "All clear: no alert opened or resolved in the last 24 hours, and none is open.";
        }
        StringBuilder sb = new StringBuilder();
        section(sb, "Opened in the last 24 hours", digestOpened());
        section(sb, "Resolved in the last 24 hours", digestResolved());
        section(sb, "Still open", digestStillOpen());
        return sb.append(publicUrl).append("/alerts").toString();
    }

    private static void section(StringBuilder sb, String title, List<Notice> list) {
        sb.append(title).append(" (").append(list.size()).append(")\n");
        for (Notice n : list.subList(0, Math.min(LISTED, list.size()))) {
            sb.append("- ").append(n.title()).append(" (").append(n.serviceName()).append(", ")
                    .append(n.severity().wire()).append(")\n");
        }
        if (list.size() > LISTED) {
            sb.append("- … and ").append(list.size() - LISTED).append(" more\n");
        }
        sb.append('\n');
    }

    /**
     * The HTML subset Telegram's {@code parse_mode=HTML} and Matrix's {@code org.matrix.custom.html} both
     * render (b, a); {@code br} is the line break ("\n" for Telegram, which rejects a br tag). At most
     * {@code max} alerts, each message cut to {@code maxChars}: Telegram refuses a text over 4096 characters.
     */
    public String html(String br, int max, int maxChars) {
        StringBuilder sb = new StringBuilder("<b>").append(escape(headline())).append("</b>").append(br);
        if (event == Event.DIGEST) {
            for (String line : digestText().split("\n")) {
                sb.append(escape(line)).append(br);
            }
            return sb.toString();
        }
        if (test) {
            sb.append("This is a test message from Aperture: the channel works.").append(br);
        }
        for (Notice n : notices.subList(0, Math.min(max, notices.size()))) {
            String text = n.message().length() > maxChars ? n.message().substring(0, maxChars) + "…" : n.message();
            sb.append(br).append("<b>").append(escape(label(n) + n.title())).append("</b> (")
                    .append(n.severity().wire()).append(", ").append(escape(n.serviceName())).append(')').append(br)
                    .append(escape(text)).append(br);
            if (event != Event.RESOLVED && n.resolvedAt() == null && !n.action().isBlank()) {
                sb.append("Action: ").append(escape(n.action())).append(br);
            }
            sb.append("<a href=\"").append(escape(link(n)).replace("\"", "&quot;")).append("\">Open in Aperture</a>")
                    .append(br);
        }
        if (notices.size() > max) {
            sb.append(br).append("… and ").append(notices.size() - max).append(" more: ")
                    .append(escape(publicUrl + "/alerts")).append(br);
        }
        return sb.toString();
    }

    /** Telegram and Matrix HTML: &, < and > are markup, everything else is text. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
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
        if (event == Event.DIGEST) {
            return (test ? "This is a test message from Aperture: the channel works.\n\n" : "") + digestText();
        }
        StringBuilder sb = new StringBuilder();
        if (test) {
            sb.append("This is a test message from Aperture: the channel works.\n\n");
        }
        for (Notice n : notices.subList(0, Math.min(LISTED, notices.size()))) {
            sb.append(label(n)).append(n.title())
                    .append(" (").append(n.severity().wire()).append(")\n");
            sb.append(n.message()).append('\n');
            if (event != Event.RESOLVED && n.resolvedAt() == null && !n.action().isBlank()) {
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
