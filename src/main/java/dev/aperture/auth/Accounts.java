package dev.aperture.auth;

import dev.aperture.secrets.Secret;
import dev.aperture.store.Changes;
import dev.aperture.store.Database;
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

    /** How a password check ended: the busy case is the server's, not the caller's, and is not a failure. */
    public sealed interface Check {
        record Passed(Login login) implements Check {}

        record Wrong() implements Check {}

        record Busy() implements Check {}
    }

    /** How a password change ended. */
    public enum Change { CHANGED, WRONG_CURRENT, BUSY, LOCKED }

    private final Jdbi jdbi;
    private final Changes changes;
    private final Clock clock;
    private final Passwords passwords;
    private final PasswordGate gate;
    private final ApiTokens tokens;
    /**
     * Every request of a browser looks its session up; this answers it from memory while no process changed
     * sessions or users (docs/benchmarks.md, "Read path": the lookup was the largest part of a page view).
     */
    private final KnownSessions known = new KnownSessions();

    public Accounts(Database database, Clock clock) {
        this(database, clock, PasswordCost.OWASP_MINIMUM);
    }

    public Accounts(Database database, Clock clock, PasswordCost cost) {
        this.jdbi = database.jdbi();
        this.changes = database.changes();
        this.clock = clock;
        this.passwords = new Passwords(cost);
        this.gate = new PasswordGate(passwords);
        this.tokens = new ApiTokens(jdbi, clock);
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
        String password = configured.isEmpty() ? generatePassword() : configured.reveal();
        createUser("admin", password, "admin");
        return configured.isEmpty() ? Optional.of(password) : Optional.empty();
    }

    /** 20 characters of base32 from a 160-bit random token: about 100 bits. */
    public static String generatePassword() {
        return Ids.token().substring(0, 20);
    }

    public boolean exists(String username) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users WHERE username = :u")
                .bind("u", username).mapTo(Long.class).one()) > 0;
    }

    public String createUser(String username, String password, String role) {
        String id = Ids.next(clock.instant());
        String hash = passwords.hash(password);
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO users (id, username, password_hash, role, created_at) "
                        + "VALUES (:id, :u, :p, :r, :now)")
                .bind("id", id).bind("u", username).bind("p", hash).bind("r", role).bind("now", clock.millis())
                .execute());
        return id;
    }

    /**
     * Checks a password and opens a session. An unknown username is checked against a dummy hash, so
     * it costs the same time as a known one and the answer's timing does not tell which usernames exist.
     */
    public Check login(String username, String password) {
        record Row(String id, String username, String hash, String role) {}
        Optional<Row> user = jdbi.withHandle(h -> h.createQuery("SELECT id, username, password_hash, role FROM users "
                        + "WHERE username = :u").bind("u", username)
                .map((rs, ctx) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .findOne());
        switch (gate.verify(password, user.map(Row::hash))) {
            case BUSY:
                return new Check.Busy();
            case MISMATCH:
                return new Check.Wrong();
            default:
                break;
        }
        Row row = user.orElseThrow();
        String token = Ids.token();
        String csrf = Ids.token();
        long now = clock.millis();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, "
                        + "expires_at) VALUES (:t, :u, :c, :now, :exp)")
                .bind("t", sha256(token)).bind("u", row.id()).bind("c", csrf).bind("now", now)
                .bind("exp", now + SESSION_LIFETIME.toMillis()).execute());
        LOG.info("user {} logged in", LogText.quote(row.username()));
        return new Check.Passed(new Login(token, csrf, new Principal(row.id(), row.username(), row.role(), true, csrf)));
    }

    /**
     * Changes a signed-in user's password after checking the current one; every other session of the
     * user ends (the one given stays, so the browser that made the change stays logged in).
     */
    public Change changePassword(String userId, String current, String next, Optional<String> keepSession) {
        Optional<String> hash = jdbi.withHandle(h -> h.createQuery("SELECT password_hash FROM users WHERE id = :id")
                .bind("id", userId).mapTo(String.class).findOne());
        switch (gate.verify(current, hash)) {
            case BUSY:
                return Change.BUSY;
            case MISMATCH:
                return Change.WRONG_CURRENT;
            default:
                break;
        }
        Optional<String> newHash = gate.hash(next);
        if (newHash.isEmpty()) {
            return Change.BUSY;
        }
        setPassword(userId, newHash.get(), keepSession);
        LOG.info("user id {} changed their password; their other sessions ended", userId);
        return Change.CHANGED;
    }

    /** For the owner on the host ({@code aperture admin reset-password}): no current password, every session ends. */
    public boolean resetPassword(String username, String password) {
        Optional<String> id = jdbi.withHandle(h -> h.createQuery("SELECT id FROM users WHERE username = :u")
                .bind("u", username).mapTo(String.class).findOne());
        id.ifPresent(userId -> setPassword(userId, passwords.hash(password), Optional.empty()));
        return id.isPresent();
    }

    private void setPassword(String userId, String hash, Optional<String> keepSession) {
        changes.write(Changes.Topic.SESSIONS, Changes.doing(h -> {
            h.createUpdate("UPDATE users SET password_hash = :p WHERE id = :id").bind("p", hash).bind("id", userId)
                    .execute();
            h.createUpdate("DELETE FROM sessions WHERE user_id = :u AND token_hash <> :keep").bind("u", userId)
                    .bind("keep", keepSession.map(Accounts::sha256).orElse("")).execute();
        }));
    }

    /** How many passwords were checked against a hash since start (each costs 19 MiB and tens of ms). */
    public long passwordEvaluations() {
        return gate.evaluations();
    }

    public void logout(String sessionToken) {
        String hash = sha256(sessionToken);
        changes.write(Changes.Topic.SESSIONS, h -> h.createUpdate("DELETE FROM sessions WHERE token_hash = :t")
                .bind("t", hash).execute());
        known.forget(hash);
    }

    /**
     * The session's user, until {@link #SESSION_LIFETIME} after login (refused from that instant on). From memory
     * while no process changed sessions or users since it was read ({@link KnownSessions}); the expiry is checked
     * against the clock on every request either way.
     */
    public Optional<Principal> session(String sessionToken) {
        String hash = sha256(sessionToken);
        long now = clock.millis();
        // Taken before the read: a change committed during it leaves the copy under a stamp no one sees again.
        long stamp = changes.stamp(Changes.Topic.SESSIONS);
        Optional<KnownSessions.Known> session = known.get(hash, stamp);
        if (session.isEmpty()) {
            session = jdbi.withHandle(h -> h.createQuery("SELECT u.id, u.username, u.role, s.csrf_token, "
                            + "s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = :t")
                    .bind("t", hash)
                    .map((rs, ctx) -> new KnownSessions.Known(stamp, new Principal(rs.getString(1), rs.getString(2),
                            rs.getString(3), true, rs.getString(4)), rs.getLong(5)))
                    .findOne());
            session.ifPresent(s -> known.keep(hash, s));
        }
        return session.filter(s -> s.expiresAt() > now).map(KnownSessions.Known::principal);
    }

    public ApiTokens tokens() {
        return tokens;
    }

    public IssuedToken issueToken(String userId, String name) {
        ApiTokens.Issued issued = tokens.issue(userId, name, Optional.empty());
        return new IssuedToken(issued.id(), issued.name(), issued.token());
    }

    public boolean revokeToken(String id) {
        return tokens.revoke(id);
    }

    public Optional<Principal> bearer(String token) {
        return tokens.bearer(token);
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
