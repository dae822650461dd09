package dev.aperture.lists;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** MDBList lists and their items; a list's items are replaced only by a successful read of it. */
public final class ListStore {

    record ListItem(Integer rank, String title, String imdbId, String tmdbId, String type) {}

    record ListSummary(String listId, int items, Instant refreshedAt) {}

    private final Jdbi jdbi;
    private final Clock clock;

    public ListStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** One transaction: readers see the previous items or the new ones, never a half-written list. */
    void replace(String listId, List<ListItem> items) {
        long now = clock.millis();
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM mdblist_list_items WHERE list_id = :l").bind("l", listId).execute();
            if (!items.isEmpty()) {
                PreparedBatch batch = h.prepareBatch("INSERT INTO mdblist_list_items (list_id, position, rank, title, "
                        + "imdb_id, tmdb_id, type) VALUES (:l, :pos, :rank, :title, :imdb, :tmdb, :type)");
                for (int i = 0; i < items.size(); i++) {
                    ListItem it = items.get(i);
                    batch.bind("l", listId).bind("pos", i).bind("rank", it.rank()).bind("title", it.title())
                            .bind("imdb", it.imdbId()).bind("tmdb", it.tmdbId()).bind("type", it.type()).add();
                }
                batch.execute();
            }
            h.createUpdate("INSERT INTO mdblist_lists (list_id, item_count, refreshed_at) VALUES (:l, :n, :now) "
                            + "ON CONFLICT (list_id) DO UPDATE SET item_count = excluded.item_count, "
                            + "refreshed_at = excluded.refreshed_at")
                    .bind("l", listId).bind("n", items.size()).bind("now", now).execute();
        });
    }

    List<ListSummary> lists() {
        return jdbi.withHandle(h -> h.createQuery("SELECT list_id, item_count, refreshed_at FROM mdblist_lists "
                        + "ORDER BY list_id")
                .map((rs, ctx) -> new ListSummary(rs.getString(1), rs.getInt(2), Instant.ofEpochMilli(rs.getLong(3))))
                .list());
    }

    List<ListItem> items(String listId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT rank, title, imdb_id, tmdb_id, type FROM mdblist_list_items "
                        + "WHERE list_id = :l ORDER BY position").bind("l", listId)
                .map((rs, ctx) -> {
                    int rank = rs.getInt(1);
                    return new ListItem(rs.wasNull() ? null : rank, rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5));
                }).list());
    }
}
