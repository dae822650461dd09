package dev.aperture.calls;

import java.util.Arrays;
import java.util.Optional;

/** The seven services Aperture talks to; {@link #id()} is the id used in REST paths. */
public enum ServiceId {
    MEDIASERVER("mediaserver", "Media Server"),
    TMDB("tmdb", "TMDb"),
    OMDB("omdb", "OMDb"),
    TRAKT("trakt", "Trakt"),
    MDBLIST("mdblist", "MDBList"),
    JELLYSEERR("jellyseerr", "Jellyseerr"),
    OPENAI("openai", "OpenAI");

    private final String id;
    private final String displayName;

    ServiceId(String id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public static Optional<ServiceId> parse(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equalsIgnoreCase(id)).findFirst();
    }
}
