package dev.aperture.integrations;

import dev.aperture.calls.ServiceId;
import java.util.List;

/**
 * What an integration declares about itself rather than computes: its id, its public base URL (empty for a
 * self-hosted service), whether it is self-hosted, the settings it has in form order, and those required.
 */
public record Profile(ServiceId id, String defaultBaseUrl, boolean selfHosted, List<Field> fields,
                      List<Field> required) {

    public Profile {
        fields = List.copyOf(fields);
        required = List.copyOf(required);
    }
}
