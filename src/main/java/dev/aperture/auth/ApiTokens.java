package dev.aperture.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.aperture.store.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** API tokens for scripts: stored as SHA-256 hashes, listed without their value, revocable, optionally expiring. */
public final class ApiTokens {

    /** A "last used" older than this is rewritten; more often would cost a write on every request of a poller. */
    static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);
    /**
     * How long a token found valid is believed without asking the database again. A poller (or a browser tab
     * following alerts live) would otherwise cost a query on every request, the largest part of GET /api/alerts
     * once alerts are in memory (docs/benchmarks.md, "Read path"). A revocation here is seen at once (the cache is
     * emptied); one made by another instance sharing the database is seen within this second.
     */
    static final Duration KNOWN_FOR = Duration.ofSeconds(1);
    /** More tokens than anyone issues; a lookup of an unknown token is never kept, so guessing cannot fill it. */
    private static final int KNOWN_MAX = 1_000;

    public record Issued(String id, String name, String token, Instant expiresAt) {}

    /** What the list shows: never the token itself, which exists only once, when issued. */
    public record Listed(String id, String name, String username, Instant createdAt, Instant lastUsedAt,
                         Instant expiresAt, boolean expired) {}

    /** A valid token as last read, keyed by its hash. */
    private record Known(String tokenId, Long expiresAt, Long lastUsed, Principal principal) {}

    private final Jdbi jdbi;
    private final Clock clock;
    private final Cache<String, Known> known;

    ApiTokens(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.known = Caffeine.newBuilder().maximumSize(KNOWN_MAX).expireAfterWrite(KNOWN_FOR)
                .ticker(() -> clock.millis() * 1_000_000L).build();
    }

    public Issued issue(String userId, String name, Optional<Duration> lifetime) {
        long now = clock.millis();
        String id = Ids.next(Instant.ofEpochMilli(now));
        String token = "apt_" + Ids.token();
        Long expires = lifetime.map(d -> now + d.toMillis()).orElse(null);
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO api_tokens (id, name, token_hash, user_id, created_at, expires_at) "
                        + "VALUES (:id, :n, :t, :u, :now, :exp)")
                .bind("id", id).bind("n", name).bind("t", Accounts.sha256(token)).bind("u", userId).bind("now", now)
                .bind("exp", expires).execute());
        return new Issued(id, name, token, expires == null ? null : Instant.ofEpochMilli(expires));
    }

    /** Every token not revoked, newest first; expired ones stay listed (marked) until revoked. */
    public List<Listed> list() {
        long now = clock.millis();
        return jdbi.withHandle(h -> h.createQuery("SELECT t.id, t.name, u.username, t.created_at, t.last_used_at, "
                        + "t.expires_at FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.revoked_at IS NULL "
                        + "ORDER BY t.created_at DESC, t.id DESC")
                .map((rs, ctx) -> {
                    Long expires = nullableLong(rs, 6);
                    return new Listed(rs.getString(1), rs.getString(2), rs.getString(3),
                            Instant.ofEpochMilli(rs.getLong(4)), instant(nullableLong(rs, 5)),
                            instant(expires), expires != null && expires <= now);
                })
                .list());
    }

    public boolean revoke(String id) {
        boolean revoked = jdbi.withHandle(h -> h.createUpdate("UPDATE api_tokens SET revoked_at = :now WHERE id = :id "
                + "AND revoked_at IS NULL").bind("now", clock.millis()).bind("id", id).execute()) > 0;
        // After the write, so no lookup can put the revoked token back in between.
        known.invalidateAll();
        return revoked;
    }

    /** The token's user, if the token is neither revoked nor expired; records when it was last used. */
    Optional<Principal> bearer(String token) {
        long now = clock.millis();
        String hash = Accounts.sha256(token);
        Known k = known.getIfPresent(hash);
        if (k == null) {
            Optional<Known> row = jdbi.withHandle(h -> h.createQuery("SELECT t.id, t.expires_at, t.last_used_at, u.id, "
                            + "u.username, u.role FROM api_tokens t JOIN users u ON u.id = t.user_id "
                            + "WHERE t.token_hash = :t AND t.revoked_at IS NULL "
                            + "AND (t.expires_at IS NULL OR t.expires_at > :now)")
                    .bind("t", hash).bind("now", now)
                    .map((rs, ctx) -> new Known(rs.getString(1), nullableLong(rs, 2), nullableLong(rs, 3),
                            new Principal(rs.getString(4), rs.getString(5), rs.getString(6), false, null)))
                    .findOne());
            if (row.isEmpty()) {
                return Optional.empty();
            }
            k = row.get();
        } else if (k.expiresAt() != null && k.expiresAt() <= now) {
            known.invalidate(hash);
            return Optional.empty();
        }
        if (k.lastUsed() == null || now - k.lastUsed() >= LAST_USED_PRECISION.toMillis()) {
            String tokenId = k.tokenId();
            jdbi.useHandle(h -> h.createUpdate("UPDATE api_tokens SET last_used_at = :now WHERE id = :id")
                    .bind("now", now).bind("id", tokenId).execute());
            k = new Known(k.tokenId(), k.expiresAt(), now, k.principal());
        }
        known.put(hash, k);
        return Optional.of(k.principal());
    }

    private static Long nullableLong(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
