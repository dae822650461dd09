package dev.aperture.notify;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aperture.calls.Severity;
import dev.aperture.secrets.Secret;
import dev.aperture.secrets.SecretBox;
import dev.aperture.store.Wired;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/** Saved channels; secrets and header values are sealed with AES-GCM before they reach the database. */
final class ChannelStore {

    /** {@code urls}: plain URL settings whose query or user-info may hold a token; null in rows saved before. */
    private record Sealed(Map<String, String> secrets, Map<String, String> headers, Map<String, String> urls) {}

    /** {@code quiet} and {@code digest}: null when off, and in rows saved before they existed. */
    private record StoredRules(List<String> severities, List<String> services, boolean sendResolved,
                               Long reminderMinutes, StoredQuiet quiet, StoredDigest digest) {}

    private record StoredQuiet(String start, String end, String zone, String minimum) {}

    private record StoredDigest(String at, String zone) {}

    private final Jdbi jdbi;
    private final SecretBox box;
    private final Clock clock;
    private final ObjectMapper json;

    ChannelStore(Jdbi jdbi, SecretBox box, Clock clock, ObjectMapper json) {
        this.jdbi = jdbi;
        this.json = json;
        this.box = box;
        this.clock = clock;
    }

    List<ChannelConfig> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM notification_channels ORDER BY created_at, id")
                .map((rs, ctx) -> read(rs)).list());
    }

    Optional<ChannelConfig> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM notification_channels WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> read(rs)).findOne());
    }

    void insert(ChannelConfig c) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO notification_channels (id, name, type, enabled, settings_json, "
                        + "secrets_json, rules_json, created_at, updated_at, consecutive_failures) VALUES (:id, :name, "
                        + ":type, :enabled, :settings, :secrets, :rules, :now, :now, 0)")
                .bind("id", c.id()).bind("name", c.name()).bind("type", c.type().wire())
                .bind("enabled", c.enabled() ? 1 : 0).bind("settings", write(unsealedValues(c.settings())))
                .bind("secrets", sealed(c.settings())).bind("rules", write(rules(c.rules())))
                .bind("now", clock.millis()).execute());
    }

    void update(ChannelConfig c) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE notification_channels SET name = :name, enabled = :enabled, "
                        + "settings_json = :settings, secrets_json = :secrets, rules_json = :rules, updated_at = :now "
                        + "WHERE id = :id")
                .bind("id", c.id()).bind("name", c.name()).bind("enabled", c.enabled() ? 1 : 0)
                .bind("settings", write(unsealedValues(c.settings()))).bind("secrets", sealed(c.settings()))
                .bind("rules", write(rules(c.rules()))).bind("now", clock.millis()).execute());
    }

    /** Deletes the channel with its deliveries and reminder marks; answers whether it existed. */
    boolean delete(String id) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("DELETE FROM notification_deliveries WHERE channel_id = :id").bind("id", id).execute();
            h.createUpdate("DELETE FROM notification_reminders WHERE channel_id = :id").bind("id", id).execute();
            h.createUpdate("DELETE FROM notification_held WHERE channel_id = :id").bind("id", id).execute();
            return h.createUpdate("DELETE FROM notification_channels WHERE id = :id").bind("id", id).execute() > 0;
        });
    }

    /**
     * Counts a delivery attempt towards the channel's health (tests of the Test button do not count). A
     * refused token makes the channel failing at once, since no retry can succeed; a rate limit is the
     * receiver pacing a healthy channel, so it does not count.
     */
    void recordAttempt(String id, Delivery result) {
        long now = clock.millis();
        jdbi.useHandle(h -> {
            if (result instanceof Delivery.Throttled) {
                return;
            }
            if (result instanceof Delivery.Refused) {
                h.createUpdate("UPDATE notification_channels SET consecutive_failures = CASE WHEN "
                                + "consecutive_failures + 1 < :failing THEN :failing ELSE consecutive_failures + 1 END, "
                                + "last_failure_at = :now, last_error = :error WHERE id = :id")
                        .bind("failing", ChannelConfig.FAILING_AFTER).bind("now", now).bind("error", result.answer())
                        .bind("id", id).execute();
            } else if (result.accepted()) {
                h.createUpdate("UPDATE notification_channels SET consecutive_failures = 0, last_success_at = :now "
                        + "WHERE id = :id").bind("now", now).bind("id", id).execute();
            } else {
                h.createUpdate("UPDATE notification_channels SET consecutive_failures = consecutive_failures + 1, "
                                + "last_failure_at = :now, last_error = :error WHERE id = :id")
                        .bind("now", now).bind("error", result.answer()).bind("id", id).execute();
            }
        });
    }

    private ChannelConfig read(ResultSet rs) throws SQLException {
        Map<String, String> values = readMap(rs.getString("settings_json"));
        Sealed sealed = readJson(rs.getString("secrets_json"), new TypeReference<>() {});
        Map<String, Secret> secrets = new LinkedHashMap<>();
        sealed.secrets().forEach((k, v) -> secrets.put(k, box.open(v)));
        Map<String, Secret> headers = new LinkedHashMap<>();
        sealed.headers().forEach((k, v) -> headers.put(k, box.open(v)));
        if (sealed.urls() != null) {
            sealed.urls().forEach((k, v) -> values.put(k, box.open(v).reveal()));
        }
        StoredRules r = readJson(rs.getString("rules_json"), new TypeReference<>() {});
        Rules rules = new Rules(r.severities().stream().map(ChannelStore::severity).collect(Collectors.toSet()),
                Set.copyOf(r.services()), r.sendResolved(),
                r.reminderMinutes() == null ? null : Duration.ofMinutes(r.reminderMinutes()),
                r.quiet() == null ? null : new Rules.Quiet(LocalTime.parse(r.quiet().start()),
                        LocalTime.parse(r.quiet().end()), ZoneId.of(r.quiet().zone()), severity(r.quiet().minimum())),
                r.digest() == null ? null : new Rules.Digest(LocalTime.parse(r.digest().at()),
                        ZoneId.of(r.digest().zone())));
        ChannelConfig.Health health = new ChannelConfig.Health(rs.getInt("consecutive_failures"),
                rs.getString("last_error"), instant(rs, "last_failure_at"), instant(rs, "last_success_at"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
        return new ChannelConfig(rs.getString("id"), rs.getString("name"),
                Wired.of(ChannelType.class, rs.getString("type")), rs.getInt("enabled") == 1,
                new ChannelSettings(values, secrets, headers), rules, health);
    }

    private String sealed(ChannelSettings s) {
        Map<String, String> secrets = new LinkedHashMap<>();
        s.secrets().forEach((k, v) -> {
            if (!v.isEmpty()) {
                secrets.put(k, box.seal(v));
            }
        });
        Map<String, String> headers = new LinkedHashMap<>();
        s.headers().forEach((k, v) -> headers.put(k, box.seal(v)));
        Map<String, String> urls = new LinkedHashMap<>();
        s.values().forEach((k, v) -> {
            if (!ChannelUrls.secretParts(v).isEmpty()) {
                urls.put(k, box.seal(Secret.of(v)));
            }
        });
        return write(new Sealed(secrets, headers, urls));
    }

    /** Plain settings as stored in clear: a URL carrying a token keeps only its masked form there. */
    private static Map<String, String> unsealedValues(ChannelSettings s) {
        Map<String, String> values = new LinkedHashMap<>();
        s.values().forEach((k, v) -> values.put(k, ChannelUrls.secretParts(v).isEmpty() ? v : ChannelUrls.masked(v)));
        return values;
    }

    private static StoredRules rules(Rules r) {
        return new StoredRules(r.severities().stream().sorted().map(Severity::wire).toList(),
                r.services().stream().sorted().toList(), r.sendResolved(),
                r.reminderInterval() == null ? null : r.reminderInterval().toMinutes(),
                r.quiet() == null ? null : new StoredQuiet(r.quiet().start().toString(), r.quiet().end().toString(),
                        r.quiet().zone().getId(), r.quiet().minimum().wire()),
                r.digest() == null ? null : new StoredDigest(r.digest().at().toString(), r.digest().zone().getId()));
    }

    private static Severity severity(String wire) {
        return Wired.fromWire(Severity.class, wire)
                .orElseThrow(() -> new IllegalStateException("a stored channel rule names no severity: " + wire));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> readMap(String text) {
        return readJson(text, new TypeReference<>() {});
    }

    private <T> T readJson(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (Exception e) {
            throw new IllegalStateException("a stored notification channel cannot be read", e);
        }
    }
}
