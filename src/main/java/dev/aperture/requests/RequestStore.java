package dev.aperture.requests;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Jellyseerr requests as last read, and which Aperture user each Jellyseerr user is. */
public final class RequestStore {

    record Request(String id, Integer status, String mediaType, String tmdbId, Integer requestedById,
                   String requestedByName, String apertureUser, Instant createdAt) {}

    public record Mapping(int jellyseerrUserId, String username, Instant updatedAt) {}

    private final Jdbi jdbi;
    private final Clock clock;

    public RequestStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    void save(List<Request> requests) {
        long now = clock.millis();
        jdbi.useTransaction(h -> {
            for (Request r : requests) {
                h.createUpdate("INSERT INTO jellyseerr_requests (id, status, media_type, tmdb_id, requested_by_id, "
                                + "requested_by_name, aperture_user, created_at, synced_at) VALUES (:id, :status, :type, "
                                + ":tmdb, :by, :byName, :user, :created, :now) ON CONFLICT (id) DO UPDATE SET "
                                + "status = excluded.status, media_type = excluded.media_type, tmdb_id = excluded.tmdb_id, "
                                + "requested_by_id = excluded.requested_by_id, requested_by_name = excluded.requested_by_name, "
                                + "aperture_user = excluded.aperture_user, created_at = excluded.created_at, "
                                + "synced_at = excluded.synced_at")
                        .bind("id", r.id()).bind("status", r.status()).bind("type", r.mediaType())
                        .bind("tmdb", r.tmdbId()).bind("by", r.requestedById()).bind("byName", r.requestedByName())
                        .bind("user", r.apertureUser())
                        .bind("created", r.createdAt() == null ? null : r.createdAt().toEpochMilli())
                        .bind("now", now).execute();
            }
        });
    }

    List<Request> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, status, media_type, tmdb_id, requested_by_id, "
                        + "requested_by_name, aperture_user, created_at FROM jellyseerr_requests ORDER BY id")
                .map((rs, ctx) -> {
                    Integer status = integer(rs, 2);
                    Integer by = integer(rs, 5);
                    long created = rs.getLong(8);
                    Instant at = rs.wasNull() ? null : Instant.ofEpochMilli(created);
                    return new Request(rs.getString(1), status, rs.getString(3), rs.getString(4), by, rs.getString(6),
                            rs.getString(7), at);
                })
                .list());
    }

    private static Integer integer(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    /** Aperture usernames by their lower-case form, for case-insensitive matching. */
    Map<String, String> apertureUsers() {
        Map<String, String> out = new HashMap<>();
        jdbi.withHandle(h -> h.createQuery("SELECT username FROM users").mapTo(String.class).list())
                .forEach(u -> out.put(u.toLowerCase(Locale.ROOT), u));
        return out;
    }

    Optional<String> apertureUser(String username) {
        return Optional.ofNullable(apertureUsers().get(username.toLowerCase(Locale.ROOT)));
    }

    Map<Integer, String> mappings() {
        Map<Integer, String> out = new HashMap<>();
        listMappings().forEach(m -> out.put(m.jellyseerrUserId(), m.username()));
        return out;
    }

    List<Mapping> listMappings() {
        return jdbi.withHandle(h -> h.createQuery("SELECT jellyseerr_user_id, username, updated_at "
                        + "FROM jellyseerr_user_mappings ORDER BY jellyseerr_user_id")
                .map((rs, ctx) -> new Mapping(rs.getInt(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))))
                .list());
    }

    void map(int jellyseerrUserId, String username) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO jellyseerr_user_mappings (jellyseerr_user_id, username, "
                        + "updated_at) VALUES (:id, :u, :now) ON CONFLICT (jellyseerr_user_id) DO UPDATE SET "
                        + "username = excluded.username, updated_at = excluded.updated_at")
                .bind("id", jellyseerrUserId).bind("u", username).bind("now", clock.millis()).execute());
    }
}
