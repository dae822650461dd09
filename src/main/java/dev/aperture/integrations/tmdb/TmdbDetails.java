package dev.aperture.integrations.tmdb;

import java.util.List;

/** A movie's or series' TMDb details: overview (null when TMDb has none), genre and keyword names, vote average as sent. */
public record TmdbDetails(String overview, List<String> genres, List<String> keywords, String voteAverage) {

    public TmdbDetails {
        genres = List.copyOf(genres);
        keywords = List.copyOf(keywords);
    }
}
