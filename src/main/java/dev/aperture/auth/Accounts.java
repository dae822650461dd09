package dev.aperture.auth;

import dev.aperture.secrets.Secret;
import dev.aperture.store.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local accounts, browser sessions and API tokens. Session and API tokens are stored only as
 * SHA-256 hashes, so a copy of the database cannot be used to log in.
 */
public final class Accounts {

    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);
    static final Duration SESSION_LIFETIME = Duration.ofDays(14);

    public record Login(String sessionToken, String csrfToken, Principal principal) {}

    public record IssuedToken(String id, String name, String token) {}

    private final Jdbi jdbi;
    private final Clock clock;

    public Accounts(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /**
     * Creates the first admin on first start: with {@code APERTURE_ADMIN_PASSWORD} when set, else a
     * generated password printed once. Answers the generated password, if any.
     */
    public Optional<String> ensureAdmin(Secret configured) {
        long users = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one());
        if (users > 0) {
            return Optional.empty();
        }
        String password = configured.isEmpty() ? Ids.token().substring(0, 20) : configured.reveal();
        createUser("admin", password, "admin");
        return configured.isEmpty() ? Optional.of(password) : Optional.empty();
    }

    public boolean exists(String username) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users WHERE username = :u")
                .bind("u", username).mapTo(Long.class).one()) > 0;
    }

    public String createUser(String username, String password, String role) {
        String id = Ids.next(clock.instant());
        String hash = Passwords.hash(password);
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO users (id, username, password_hash, role, created_at) "
                        + "VALUES (:id, :u, :p, :r, :now)")
                .bind("id", id).bind("u", username).bind("p", hash).bind("r", role).bind("now", clock.millis())
                .execute());
        return id;
    }

    public Optional<Login> login(String username, String password) {
        record Row(String id, String username, String hash, String role) {}
        Optional<Row> user = jdbi.withHandle(h -> h.createQuery("SELECT id, username, password_hash, role FROM users "
                        + "WHERE username = :u").bind("u", username)
                .map((rs, ctx) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .findOne());
        if (user.isEmpty() || !Passwords.matches(password, user.get().hash())) {
            return Optional.empty();
        }
        String token = Ids.token();
        String csrf = Ids.token();
        long now = clock.millis();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, "
                        + "expires_at) VALUES (:t, :u, :c, :now, :exp)")
                .bind("t", sha256(token)).bind("u", user.get().id()).bind("c", csrf).bind("now", now)
                .bind("exp", now + SESSION_LIFETIME.toMillis()).execute());
        LOG.info("user {} logged in", user.get().username());
        return Optional.of(new Login(token, csrf,
                new Principal(user.get().id(), user.get().username(), user.get().role(), true, csrf)));
    }

    public void logout(String sessionToken) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE token_hash = :t")
                .bind("t", sha256(sessionToken)).execute());
    }

    public Optional<Principal> session(String sessionToken) {
        return jdbi.withHandle(h -> h.createQuery("SELECT u.id, u.username, u.role, s.csrf_token FROM sessions s "
                        + "JOIN users u ON u.id = s.user_id WHERE s.token_hash = :t AND s.expires_at > :now")
                .bind("t", sha256(sessionToken)).bind("now", clock.millis())
                .map((rs, ctx) -> new Principal(rs.getString(1), rs.getString(2), rs.getString(3), true,
                        rs.getString(4)))
                .findOne());
    }

    public IssuedToken issueToken(String userId, String name) {
        String id = Ids.next(clock.instant());
        String token = "apt_" + Ids.token();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO api_tokens (id, name, token_hash, user_id, created_at) "
                        + "VALUES (:id, :n, :t, :u, :now)")
                .bind("id", id).bind("n", name).bind("t", sha256(token)).bind("u", userId).bind("now", clock.millis())
                .execute());
        return new IssuedToken(id, name, token);
    }

    public boolean revokeToken(String id) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE api_tokens SET revoked_at = :now WHERE id = :id "
                + "AND revoked_at IS NULL").bind("now", clock.millis()).bind("id", id).execute()) > 0;
    }

    public Optional<Principal> bearer(String token) {
        return jdbi.withHandle(h -> h.createQuery("SELECT u.id, u.username, u.role FROM api_tokens t "
                        + "JOIN users u ON u.id = t.user_id WHERE t.token_hash = :t AND t.revoked_at IS NULL")
                .bind("t", sha256(token))
                .map((rs, ctx) -> new Principal(rs.getString(1), rs.getString(2), rs.getString(3), false, null))
                .findOne());
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
