package dev.aperture.store;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/**
 * A closed set whose values are written as one stable name in the database and in the REST API
 * (the lower-case constant name unless the enum says otherwise). Jackson reads and writes the
 * value by this name through {@link JsonValue}; row mappers use {@link #of}.
 */
public interface Wired {

    @JsonValue
    default String wire() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
    }

    /** The value whose wire name is exactly {@code wire}, if any (user input: absent means a 400). */
    static <E extends Enum<E> & Wired> Optional<E> fromWire(Class<E> type, String wire) {
        for (E value : type.getEnumConstants()) {
            if (value.wire().equals(wire)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** A value read back from a column only this code writes: an unknown name is a broken row. */
    static <E extends Enum<E> & Wired> E of(Class<E> type, String wire) {
        return fromWire(type, wire).orElseThrow(() ->
                new IllegalStateException("no " + type.getSimpleName() + " is written '" + wire + "'"));
    }
}
