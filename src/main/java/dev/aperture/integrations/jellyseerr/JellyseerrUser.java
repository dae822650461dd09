package dev.aperture.integrations.jellyseerr;

import java.util.List;

/**
 * A Jellyseerr user: its id, display name (null when unset) and the names it logs in with, in the order
 * they identify the person best (Jellyfin user name, local user name, Plex user name, the email's local part).
 */
public record JellyseerrUser(int id, String displayName, List<String> names) {

    public JellyseerrUser {
        names = List.copyOf(names);
    }

    /** The display name, else the first login name, else null. */
    public String shownAs() {
        return displayName != null && !displayName.isBlank() ? displayName : names.stream().findFirst().orElse(null);
    }
}
