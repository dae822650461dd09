package dev.aperture.ratings;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Trakt ratings per user; a user's ratings are replaced only by a complete, successful read. */
final class RatingsStore {

    record Rating(String type, String traktId, String imdbId, String tmdbId, String title, Integer year, int rating,
                  Instant ratedAt) {}

    private final Jdbi jdbi;
    private final Clock clock;

    RatingsStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Replaces all of the user's ratings in one transaction: a reader sees the old set or the new one. */
    void replace(String user, List<Rating> ratings) {
        long now = clock.millis();
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM trakt_ratings WHERE username = :u").bind("u", user).execute();
            if (ratings.isEmpty()) {
                return;
            }
            PreparedBatch batch = h.prepareBatch("INSERT INTO trakt_ratings (username, type, trakt_id, imdb_id, "
                    + "tmdb_id, title, year, rating, rated_at, synced_at) VALUES (:u, :type, :trakt, :imdb, :tmdb, "
                    + ":title, :year, :rating, :ratedAt, :now) ON CONFLICT (username, type, trakt_id) DO NOTHING");
            for (Rating r : ratings) {
                batch.bind("u", user).bind("type", r.type()).bind("trakt", r.traktId()).bind("imdb", r.imdbId())
                        .bind("tmdb", r.tmdbId()).bind("title", r.title()).bind("year", r.year())
                        .bind("rating", r.rating())
                        .bind("ratedAt", r.ratedAt() == null ? null : r.ratedAt().toEpochMilli())
                        .bind("now", now).add();
            }
            batch.execute();
        });
    }

    List<Rating> of(String user) {
        return jdbi.withHandle(h -> h.createQuery("SELECT type, trakt_id, imdb_id, tmdb_id, title, year, rating, "
                        + "rated_at FROM trakt_ratings WHERE username = :u ORDER BY type, trakt_id").bind("u", user)
                .map((rs, ctx) -> {
                    int year = rs.getInt(6);
                    Integer y = rs.wasNull() ? null : year;
                    long rated = rs.getLong(8);
                    Instant at = rs.wasNull() ? null : Instant.ofEpochMilli(rated);
                    return new Rating(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), y, rs.getInt(7), at);
                }).list());
    }
}
