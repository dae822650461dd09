package dev.aperture.integrations;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aperture.calls.ServiceId;
import dev.aperture.secrets.Secret;
import dev.aperture.secrets.SecretBox;
import dev.aperture.store.Changes;
import dev.aperture.store.Database;
import dev.aperture.store.Wired;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;

/** Saved integration settings; secret fields are sealed with AES-GCM before they reach the database. */
public final class IntegrationStore {

    public record Checks(Optional<Instant> lastCheckedAt, Optional<Instant> lastSuccessAt) {}

    /** A service's row as one read saw it: its settings and its last checks. */
    public record Saved(Settings settings, Checks checks) {}

    /** The text a service's settings were last decoded from, and what it decoded to. */
    private record Decoded(boolean enabled, String plainJson, String sealedJson, Settings settings) {}

    /** Every service's row as one read saw it, with the {@link Changes} stamp taken before that read. */
    private record Snapshot(long stamp, Map<ServiceId, Saved> saved) {}

    private final Jdbi jdbi;
    private final Changes changes;
    private final SecretBox box;
    private final Clock clock;
    private final ObjectMapper json;
    private volatile List<Secret> allSecrets;
    /**
     * The last decoding per service. The row is still read every time (another instance may have saved), but
     * unchanged text is not parsed and decrypted again: that was two JSON parses and an AES-GCM open per
     * secret for every card of every page view (docs/benchmarks.md, "Read path").
     */
    private final Map<ServiceId, Decoded> decoded = new ConcurrentHashMap<>();
    /**
     * The last read of the table, served while no process wrote to it since (a save here or on another instance, a
     * check's time): a page view then costs no query for the settings (docs/benchmarks.md, "Read path").
     */
    private volatile Snapshot snapshot = new Snapshot(Changes.UNKNOWN, Map.of());

    public IntegrationStore(Database database, SecretBox box, Clock clock, ObjectMapper json) {
        this.jdbi = database.jdbi();
        this.changes = database.changes();
        this.json = json;
        this.box = box;
        this.clock = clock;
    }

    public Settings load(ServiceId service) {
        return all().get(service).settings();
    }

    /** Every service's settings and checks, as last written by any process; a service never saved has empty ones. */
    public Map<ServiceId, Saved> all() {
        // Taken before the read: a write committed during it leaves the snapshot under a stamp no one sees again.
        long stamp = changes.stamp(Changes.Topic.INTEGRATIONS);
        Snapshot last = snapshot;
        if (stamp != Changes.UNKNOWN && last.stamp() == stamp) {
            return last.saved();
        }
        Map<ServiceId, Saved> read = read();
        snapshot = new Snapshot(stamp, read);
        return read;
    }

    /** Every service's settings and checks in one query. */
    private Map<ServiceId, Saved> read() {
        record Row(String service, Saved saved) {}
        Map<ServiceId, Saved> out = new EnumMap<>(ServiceId.class);
        List<Row> rows = jdbi.withHandle(h -> h.createQuery("SELECT service, enabled, settings_json, secrets_json, "
                        + "last_checked_at, last_success_at FROM integrations")
                .map((rs, ctx) -> {
                    String service = rs.getString("service");
                    Optional<ServiceId> id = ServiceId.parse(service);
                    return new Row(service, id.isEmpty() ? null : new Saved(decode(id.get(), rs.getInt("enabled") == 1,
                            rs.getString("settings_json"), rs.getString("secrets_json")),
                            new Checks(instant(rs, "last_checked_at"), instant(rs, "last_success_at"))));
                })
                .list());
        for (Row row : rows) {
            ServiceId.parse(row.service()).ifPresent(id -> out.put(id, row.saved()));
        }
        for (ServiceId id : ServiceId.values()) {
            out.putIfAbsent(id, new Saved(Settings.empty(), new Checks(Optional.empty(), Optional.empty())));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    public void save(ServiceId service, Settings settings) {
        Map<String, String> plain = new LinkedHashMap<>();
        settings.values().forEach((f, v) -> plain.put(f.wire(), v));
        Map<String, String> sealed = new LinkedHashMap<>();
        settings.secrets().forEach((f, s) -> {
            if (!s.isEmpty()) {
                sealed.put(f.wire(), box.seal(s));
            }
        });
        String plainJson = write(plain);
        String sealedJson = write(sealed);
        long now = clock.millis();
        changes.write(Changes.Topic.INTEGRATIONS, h -> h.createUpdate("INSERT INTO integrations (service, enabled, "
                        + "settings_json, secrets_json, updated_at) VALUES (:s, :e, :p, :x, :now) "
                        + "ON CONFLICT (service) DO UPDATE SET enabled = excluded.enabled, "
                        + "settings_json = excluded.settings_json, secrets_json = excluded.secrets_json, "
                        + "updated_at = excluded.updated_at")
                .bind("s", service.id()).bind("e", settings.enabled() ? 1 : 0).bind("p", plainJson)
                .bind("x", sealedJson).bind("now", now).execute());
        allSecrets = null;
    }

    /** Drops the cached credentials: another instance may have saved settings (called every heartbeat). */
    public void rereadSecrets() {
        allSecrets = null;
    }

    /** Every stored credential of every service, for scrubbing; cached until the next save here or heartbeat. */
    public List<Secret> allSecrets() {
        List<Secret> cached = allSecrets;
        if (cached == null) {
            List<Secret> loaded = new ArrayList<>();
            for (ServiceId id : ServiceId.values()) {
                load(id).secrets().values().stream().filter(s -> !s.isEmpty()).forEach(loaded::add);
            }
            cached = List.copyOf(loaded);
            allSecrets = cached;
        }
        return cached;
    }

    public void markChecked(ServiceId service, boolean success) {
        long now = clock.millis();
        changes.write(Changes.Topic.INTEGRATIONS, h -> h.createUpdate("UPDATE integrations "
                        + "SET last_checked_at = :now" + (success ? ", last_success_at = :now" : "")
                        + " WHERE service = :s")
                .bind("now", now).bind("s", service.id()).execute());
    }

    /** A success outside a check (a job's call): never moves the time back, never touches the last check. */
    public void markSucceeded(ServiceId service, Instant at) {
        changes.write(Changes.Topic.INTEGRATIONS, h -> h.createUpdate("UPDATE integrations SET last_success_at = :at "
                        + "WHERE service = :s AND (last_success_at IS NULL OR last_success_at < :at)")
                .bind("at", at.toEpochMilli()).bind("s", service.id()).execute());
    }

    public Checks checks(ServiceId service) {
        return all().get(service).checks();
    }

    private Settings decode(ServiceId service, boolean enabled, String plainJson, String sealedJson) {
        Decoded last = decoded.get(service);
        if (last != null && last.enabled() == enabled && java.util.Objects.equals(last.plainJson(), plainJson)
                && java.util.Objects.equals(last.sealedJson(), sealedJson)) {
            return last.settings();
        }
        Settings settings = decode(enabled, plainJson, sealedJson);
        decoded.put(service, new Decoded(enabled, plainJson, sealedJson, settings));
        return settings;
    }

    private Settings decode(boolean enabled, String plainJson, String sealedJson) {
        Map<Field, String> values = new EnumMap<>(Field.class);
        read(plainJson).forEach((k, v) -> Wired.fromWire(Field.class, k).ifPresent(f -> values.put(f, v)));
        Map<Field, Secret> secrets = new EnumMap<>(Field.class);
        read(sealedJson).forEach((k, v) -> Wired.fromWire(Field.class, k).ifPresent(f -> secrets.put(f, box.open(v))));
        return new Settings(enabled, values, secrets);
    }

    private static Optional<Instant> instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }

    private String write(Map<String, String> map) {
        try {
            return json.writeValueAsString(map);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> read(String text) {
        try {
            return json.readValue(text, new TypeReference<Map<String, String>>() {});
        } catch (Exception e) {
            return Map.of();
        }
    }
}
