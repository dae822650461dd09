package dev.aperture.notify;

import java.util.List;

/**
 * One setting a channel flavour has: its JSON name, what kind of value it takes (which decides how
 * it is validated at save and whether it is sealed and masked), whether it is required, and the
 * value used when it is left empty.
 */
public record Setting(String name, Kind kind, boolean required, String fallback, List<String> choices) {

    public enum Kind { TEXT, SECRET, URL, SECRET_URL, PORT, EMAIL, EMAILS, CHOICE, NUMBER }

    static Setting required(String name, Kind kind) {
        return new Setting(name, kind, true, "", List.of());
    }

    static Setting optional(String name, Kind kind, String fallback) {
        return new Setting(name, kind, false, fallback, List.of());
    }

    static Setting choice(String name, String fallback, String... choices) {
        return new Setting(name, Kind.CHOICE, false, fallback, List.of(choices));
    }

    public boolean secret() {
        return kind == Kind.SECRET || kind == Kind.SECRET_URL;
    }
}
