package dev.aperture.ui;

import java.util.List;

/**
 * One input of a channel form; {@code name} is the REST field path ({@code settings.url}), so an
 * API error naming that field lands next to it. A secret's {@code value} is only ever its masked form.
 */
public record ChannelField(String name, String label, String type, String value, List<String> choices,
                           boolean required, String help) {

    public String id() {
        return "c-" + name.replace('.', '-');
    }
}
