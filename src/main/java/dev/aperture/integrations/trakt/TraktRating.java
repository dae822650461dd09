package dev.aperture.integrations.trakt;

import java.time.Instant;

/** One rating of a user: the title's ids (imdb, tmdb null when Trakt has none), the 1–10 rating, when it was given. */
public record TraktRating(Kind kind, String traktId, String imdbId, String tmdbId, String title, Integer year,
                          int rating, Instant ratedAt) {

    /** What Trakt rates; {@link #wire} is Trakt's own word, used in its paths and payloads. */
    public enum Kind {
        MOVIE("movie"), SHOW("show");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }
}
