package dev.aperture.library;

import dev.aperture.store.Ids;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The library and the data enrichment stores on it. Each write touches only the columns of the
 * service that produced them, and only with real values: a failed call never blanks what an
 * earlier run stored.
 */
public final class LibraryStore {

    public record NewItem(String type, String title, Integer year, String imdbId, String tmdbId, String mediaServerId) {}

    public record TmdbData(String overview, String genres, String keywords, String rating) {}

    public record OmdbData(String rottenTomatoes, String metacritic, String imdbRating, String awards) {}

    private static final String COLUMNS = "id, type, title, year, imdb_id, tmdb_id, media_server_id, source, overview, "
            + "genres, keywords, tmdb_rating, tmdb_enriched_at, rotten_tomatoes, metacritic, imdb_rating, awards, "
            + "omdb_enriched_at, embedding_model, embedded_at";

    private final Jdbi jdbi;
    private final Clock clock;

    public LibraryStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /**
     * Adds or updates an item, matched by media-server id, else IMDb id, else TMDb id of the same
     * type; answers whether it was new.
     */
    public boolean upsert(NewItem item, String source) {
        long now = clock.millis();
        return jdbi.inTransaction(h -> {
            Optional<String> existing = Optional.empty();
            if (item.mediaServerId() != null) {
                existing = h.createQuery("SELECT id FROM library_items WHERE media_server_id = :m")
                        .bind("m", item.mediaServerId()).mapTo(String.class).findOne();
            }
            if (existing.isEmpty() && item.imdbId() != null) {
                existing = h.createQuery("SELECT id FROM library_items WHERE imdb_id = :i ORDER BY created_at LIMIT 1")
                        .bind("i", item.imdbId()).mapTo(String.class).findOne();
            }
            if (existing.isEmpty() && item.tmdbId() != null) {
                existing = h.createQuery("SELECT id FROM library_items WHERE type = :t AND tmdb_id = :i "
                                + "ORDER BY created_at LIMIT 1")
                        .bind("t", item.type()).bind("i", item.tmdbId()).mapTo(String.class).findOne();
            }
            if (existing.isPresent()) {
                h.createUpdate("UPDATE library_items SET title = :title, year = COALESCE(:year, year), "
                                + "imdb_id = COALESCE(:imdb, imdb_id), tmdb_id = COALESCE(:tmdb, tmdb_id), "
                                + "media_server_id = COALESCE(:ms, media_server_id), updated_at = :now WHERE id = :id")
                        .bind("title", item.title()).bind("year", item.year()).bind("imdb", item.imdbId())
                        .bind("tmdb", item.tmdbId()).bind("ms", item.mediaServerId()).bind("now", now)
                        .bind("id", existing.get()).execute();
                return false;
            }
            h.createUpdate("INSERT INTO library_items (id, type, title, year, imdb_id, tmdb_id, media_server_id, source, "
                            + "created_at, updated_at) VALUES (:id, :type, :title, :year, :imdb, :tmdb, :ms, :source, "
                            + ":now, :now)")
                    .bind("id", Ids.next(clock.instant())).bind("type", item.type()).bind("title", item.title())
                    .bind("year", item.year()).bind("imdb", item.imdbId()).bind("tmdb", item.tmdbId())
                    .bind("ms", item.mediaServerId()).bind("source", source).bind("now", now).execute();
            return true;
        });
    }

    public Optional<LibraryItem> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM library_items WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> item(rs)).findOne());
    }

    public List<LibraryItem> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM library_items ORDER BY title, id")
                .map((rs, ctx) -> item(rs)).list());
    }

    /** One page of the library in title order, and the cursor of the next page (null on the last). */
    public record Page(List<LibraryItem> items, String nextCursor) {}

    /** {@code after}: a {@code nextCursor} this store issued; see {@link LibraryCursor}. */
    public Page page(int limit, Optional<LibraryCursor> after) {
        String where = after.isPresent() ? " WHERE title > :t OR (title = :t AND id > :id)" : "";
        List<LibraryItem> rows = jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT " + COLUMNS + " FROM library_items" + where + " ORDER BY title, id LIMIT :limit")
                    .bind("limit", limit + 1);
            after.ifPresent(c -> q.bind("t", c.title()).bind("id", c.id()));
            return q.map((rs, ctx) -> item(rs)).list();
        });
        if (rows.size() <= limit) {
            return new Page(List.copyOf(rows), null);
        }
        LibraryItem last = rows.get(limit - 1);
        return new Page(List.copyOf(rows.subList(0, limit)), new LibraryCursor(last.title(), last.id()).encode());
    }

    public long count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM library_items").mapTo(Long.class).one());
    }

    /** Items never enriched by a service, or enriched before {@code olderThan}. */
    public List<LibraryItem> needingEnrichment(Instant olderThan) {
        long c = olderThan.toEpochMilli();
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM library_items WHERE "
                        + "tmdb_enriched_at IS NULL OR omdb_enriched_at IS NULL OR tmdb_enriched_at < :c "
                        + "OR omdb_enriched_at < :c ORDER BY title, id")
                .bind("c", c).map((rs, ctx) -> item(rs)).list());
    }

    public void saveTmdb(String id, String tmdbId, TmdbData data) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE library_items SET tmdb_id = COALESCE(:tmdb, tmdb_id), "
                        + "overview = COALESCE(:overview, overview), genres = COALESCE(:genres, genres), "
                        + "keywords = COALESCE(:keywords, keywords), tmdb_rating = COALESCE(:rating, tmdb_rating), "
                        + "tmdb_enriched_at = :now, updated_at = :now WHERE id = :id")
                .bind("tmdb", tmdbId).bind("overview", data.overview()).bind("genres", data.genres())
                .bind("keywords", data.keywords()).bind("rating", data.rating()).bind("now", clock.millis())
                .bind("id", id).execute());
    }

    public void saveOmdb(String id, OmdbData data) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE library_items SET "
                        + "rotten_tomatoes = COALESCE(:rt, rotten_tomatoes), metacritic = COALESCE(:mc, metacritic), "
                        + "imdb_rating = COALESCE(:imdb, imdb_rating), awards = COALESCE(:awards, awards), "
                        + "omdb_enriched_at = :now, updated_at = :now WHERE id = :id")
                .bind("rt", data.rottenTomatoes()).bind("mc", data.metacritic()).bind("imdb", data.imdbRating())
                .bind("awards", data.awards()).bind("now", clock.millis()).bind("id", id).execute());
    }

    /** Marks OMDb as looked at without data (a normal miss), so the item is not asked for again until it ages. */
    public void markOmdbChecked(String id) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE library_items SET omdb_enriched_at = :now WHERE id = :id")
                .bind("now", clock.millis()).bind("id", id).execute());
    }

    public void markTmdbChecked(String id) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE library_items SET tmdb_enriched_at = :now WHERE id = :id")
                .bind("now", clock.millis()).bind("id", id).execute());
    }

    /** Items whose text has no embedding from {@code model} yet. */
    public List<LibraryItem> needingEmbedding(String model) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM library_items WHERE embedded_at IS NULL "
                        + "OR embedding_model IS NULL OR embedding_model <> :m ORDER BY title, id")
                .bind("m", model).map((rs, ctx) -> item(rs)).list());
    }

    public void saveEmbedding(String id, String model, String vectorJson) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE library_items SET embedding = :v, embedding_model = :m, "
                        + "embedded_at = :now WHERE id = :id")
                .bind("v", vectorJson).bind("m", model).bind("now", clock.millis()).bind("id", id).execute());
    }

    public Optional<String> embedding(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT embedding FROM library_items WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne());
    }

    private static LibraryItem item(ResultSet rs) throws SQLException {
        return new LibraryItem(rs.getString("id"), rs.getString("type"), rs.getString("title"), integer(rs, "year"),
                rs.getString("imdb_id"), rs.getString("tmdb_id"), rs.getString("media_server_id"),
                rs.getString("source"), rs.getString("overview"), rs.getString("genres"), rs.getString("keywords"),
                rs.getString("tmdb_rating"), instant(rs, "tmdb_enriched_at"), rs.getString("rotten_tomatoes"),
                rs.getString("metacritic"), rs.getString("imdb_rating"), rs.getString("awards"),
                instant(rs, "omdb_enriched_at"), rs.getString("embedding_model"), instant(rs, "embedded_at"));
    }

    private static Integer integer(ResultSet rs, String c) throws SQLException {
        int v = rs.getInt(c);
        return rs.wasNull() ? null : v;
    }

    private static Instant instant(ResultSet rs, String c) throws SQLException {
        long v = rs.getLong(c);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }
}
