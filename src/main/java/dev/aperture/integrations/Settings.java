package dev.aperture.integrations;

import dev.aperture.secrets.Secret;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** One integration's saved (or proposed) settings. Secret fields live only in {@code secrets}. */
public record Settings(boolean enabled, Map<Field, String> values, Map<Field, Secret> secrets) {

    public Settings {
        values = values.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(values));
        secrets = secrets.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(secrets));
    }

    public static Settings empty() {
        return new Settings(true, Map.of(), Map.of());
    }

    public String value(Field field) {
        String v = values.get(field);
        return v == null ? "" : v;
    }

    public Optional<String> optional(Field field) {
        String v = values.get(field);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public Secret secret(Field field) {
        Secret s = secrets.get(field);
        return s == null ? Secret.empty() : s;
    }

    public boolean has(Field field) {
        return field.secret() ? !secret(field).isEmpty() : optional(field).isPresent();
    }

    public Settings with(Field field, String value) {
        EnumMap<Field, String> v = new EnumMap<>(Field.class);
        v.putAll(values);
        v.put(field, value);
        return new Settings(enabled, v, secrets);
    }

    public Settings withSecret(Field field, Secret value) {
        EnumMap<Field, Secret> s = new EnumMap<>(Field.class);
        s.putAll(secrets);
        s.put(field, value);
        return new Settings(enabled, values, s);
    }

    public Settings withEnabled(boolean on) {
        return new Settings(on, values, secrets);
    }
}
