package dev.aperture.ratings;

import dev.aperture.secrets.Secret;
import dev.aperture.secrets.SecretBox;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Per-user Trakt tokens, sealed at rest; what leaves this class for display never carries a token. */
public final class TraktTokens {

    /** A user's tokens; {@code sealedRefresh} is the stored form, used to replace exactly this pair. */
    record Tokens(String user, Secret access, Secret refresh, Instant expiresAt, String sealedRefresh) {
        boolean expired(Instant now) {
            return !expiresAt.isAfter(now);
        }
    }

    /** An authorized user as the API shows it. */
    public record AuthorizedUser(String user, Instant authorizedAt, Instant expiresAt, Instant refreshedAt,
                          Instant lastSyncedAt, long ratings) {}

    private final Jdbi jdbi;
    private final SecretBox box;
    private final Clock clock;

    public TraktTokens(Jdbi jdbi, SecretBox box, Clock clock) {
        this.jdbi = jdbi;
        this.box = box;
        this.clock = clock;
    }

    /** Stores a fresh authorization (device flow), replacing any earlier one of the user. */
    void authorize(String user, Secret access, Secret refresh, Instant expiresAt) {
        long now = clock.millis();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO trakt_users (username, access_token, refresh_token, expires_at, "
                        + "authorized_at) VALUES (:u, :a, :r, :exp, :now) ON CONFLICT (username) DO UPDATE SET "
                        + "access_token = excluded.access_token, refresh_token = excluded.refresh_token, "
                        + "expires_at = excluded.expires_at, authorized_at = excluded.authorized_at, refreshed_at = NULL")
                .bind("u", user).bind("a", box.seal(access)).bind("r", box.seal(refresh))
                .bind("exp", expiresAt.toEpochMilli()).bind("now", now).execute());
    }

    /**
     * Replaces a refreshed pair in one statement, and only if the stored refresh token is still the
     * one that was spent: Trakt refresh tokens are single use, so the old pair is worthless now and a
     * concurrent writer's newer pair must not be overwritten with it.
     */
    boolean refreshed(Tokens spent, Secret access, Secret refresh, Instant expiresAt) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE trakt_users SET access_token = :a, refresh_token = :r, "
                        + "expires_at = :exp, refreshed_at = :now WHERE username = :u AND refresh_token = :old")
                .bind("a", box.seal(access)).bind("r", box.seal(refresh)).bind("exp", expiresAt.toEpochMilli())
                .bind("now", clock.millis()).bind("u", spent.user()).bind("old", spent.sealedRefresh())
                .execute()) == 1;
    }

    Optional<Tokens> find(String user) {
        return jdbi.withHandle(h -> h.createQuery("SELECT username, access_token, refresh_token, expires_at "
                        + "FROM trakt_users WHERE username = :u").bind("u", user)
                .map((rs, ctx) -> new Tokens(rs.getString(1), box.open(rs.getString(2)), box.open(rs.getString(3)),
                        Instant.ofEpochMilli(rs.getLong(4)), rs.getString(3)))
                .findOne());
    }

    List<String> users() {
        return jdbi.withHandle(h -> h.createQuery("SELECT username FROM trakt_users ORDER BY username")
                .mapTo(String.class).list());
    }

    List<AuthorizedUser> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT u.username, u.authorized_at, u.expires_at, u.refreshed_at, "
                        + "u.last_synced_at, (SELECT COUNT(*) FROM trakt_ratings r WHERE r.username = u.username) "
                        + "FROM trakt_users u ORDER BY u.username")
                .map((rs, ctx) -> new AuthorizedUser(rs.getString(1), instant(rs, 2), instant(rs, 3), instant(rs, 4),
                        instant(rs, 5), rs.getLong(6)))
                .list());
    }

    void synced(String user) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE trakt_users SET last_synced_at = :now WHERE username = :u")
                .bind("now", clock.millis()).bind("u", user).execute());
    }

    /**
     * Forgets every user's tokens (their ratings stay until they connect again): they were issued by the
     * Trakt host that was configured, and are not sent to another one.
     */
    public void forgetTokens() {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM trakt_users").execute());
    }

    /** Forgets the user's authorization and ratings. */
    boolean remove(String user) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("DELETE FROM trakt_ratings WHERE username = :u").bind("u", user).execute();
            return h.createUpdate("DELETE FROM trakt_users WHERE username = :u").bind("u", user).execute() > 0;
        });
    }

    private static Instant instant(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }
}
