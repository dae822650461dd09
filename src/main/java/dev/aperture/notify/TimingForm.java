package dev.aperture.notify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.calls.Severity;
import dev.aperture.store.Wired;
import dev.aperture.web.BadRequest;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;

/**
 * The {@code rules.quietHours} and {@code rules.digest} objects of a channel body: null switches one off,
 * an omitted one keeps what was saved. A zone left out is the server's, stored by name so the API shows it.
 */
final class TimingForm {

    private static final Set<String> QUIET = Set.of("start", "end", "zone", "minSeverity");
    private static final Set<String> DIGEST = Set.of("at", "zone");

    private TimingForm() {}

    static Rules.Quiet quiet(Rules.Quiet current, JsonNode rules, ZoneId serverZone) {
        if (rules == null || !rules.has("quietHours")) {
            return current;
        }
        JsonNode q = rules.get("quietHours");
        if (q.isNull()) {
            return null;
        }
        String field = "rules.quietHours";
        object(q, field, QUIET, "{\"start\":\"23:00\",\"end\":\"07:00\",\"zone\":\"Europe/Berlin\","
                + "\"minSeverity\":\"error\"} or null (off)");
        LocalTime start = time(q, field + ".start");
        LocalTime end = time(q, field + ".end");
        if (start.equals(end)) {
            throw new BadRequest(field + ".end", "must differ from the start");
        }
        Severity minimum = Severity.ERROR;
        JsonNode m = q.get("minSeverity");
        if (m != null && !m.isNull()) {
            minimum = Wired.fromWire(Severity.class, m.asText().trim().toLowerCase(java.util.Locale.ROOT))
                    .orElseThrow(() -> new BadRequest(field + ".minSeverity", "must be one of error, warning, info"));
        }
        return new Rules.Quiet(start, end, zone(q, field + ".zone", serverZone), minimum);
    }

    static Rules.Digest digest(Rules.Digest current, JsonNode rules, ZoneId serverZone) {
        if (rules == null || !rules.has("digest")) {
            return current;
        }
        JsonNode d = rules.get("digest");
        if (d.isNull()) {
            return null;
        }
        object(d, "rules.digest", DIGEST, "{\"at\":\"08:00\",\"zone\":\"Europe/Berlin\"} or null (off)");
        return new Rules.Digest(time(d, "rules.digest.at"), zone(d, "rules.digest.zone", serverZone));
    }

    private static void object(JsonNode node, String field, Set<String> names, String example) {
        if (!node.isObject()) {
            throw new BadRequest(field, "must be an object such as " + example);
        }
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String name = it.next();
            if (!names.contains(name)) {
                throw new BadRequest(field + "." + name, "is not a field of " + field + " (fields: "
                        + String.join(", ", names.stream().sorted().toList()) + ")");
            }
        }
    }

    private static LocalTime time(JsonNode node, String field) {
        String name = field.substring(field.lastIndexOf('.') + 1);
        JsonNode v = node.get(name);
        if (v == null || v.isNull() || !v.isTextual() || v.asText().isBlank()) {
            throw new BadRequest(field, "is required: a local time such as 07:00");
        }
        String text = v.asText().trim();
        try {
            if (text.length() > 5) {
                throw new DateTimeParseException("only HH:mm", text, 5);
            }
            return LocalTime.parse(text.length() == 4 ? "0" + text : text);
        } catch (DateTimeParseException e) {
            throw new BadRequest(field, "must be a local time as HH:mm, such as 07:00");
        }
    }

    private static ZoneId zone(JsonNode node, String field, ZoneId serverZone) {
        JsonNode v = node.get("zone");
        if (v == null || v.isNull() || v.asText().isBlank()) {
            return serverZone;
        }
        String text = v.asText().trim();
        if (!v.isTextual() || text.length() > 64) {
            throw new BadRequest(field, "must be a time zone such as Europe/Berlin or UTC");
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new BadRequest(field, "must be a time zone such as Europe/Berlin or UTC");
        }
    }
}
