package dev.aperture.ratings;

import dev.aperture.secrets.Secret;
import dev.aperture.secrets.SecretBox;
import dev.aperture.store.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Device-flow attempts. The device code is sealed: until it is used, it can be exchanged for a user's tokens. */
final class DeviceCodes {

    /** An attempt as the API shows it (no device code). */
    record Attempt(String id, String user, String userCode, String verificationUrl, int interval, Instant expiresAt,
                   String state, String message) {}

    private final Jdbi jdbi;
    private final SecretBox box;
    private final Clock clock;

    DeviceCodes(Jdbi jdbi, SecretBox box, Clock clock) {
        this.jdbi = jdbi;
        this.box = box;
        this.clock = clock;
    }

    String add(String user, Secret deviceCode, String userCode, String verificationUrl, int interval,
               Instant expiresAt) {
        String id = Ids.next(clock.instant());
        long now = clock.millis();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO trakt_device_codes (id, username, device_code, user_code, "
                        + "verification_url, interval_seconds, expires_at, state, message, created_at, updated_at) "
                        + "VALUES (:id, :u, :code, :userCode, :url, :interval, :exp, 'pending', :msg, :now, :now)")
                .bind("id", id).bind("u", user).bind("code", box.seal(deviceCode)).bind("userCode", userCode)
                .bind("url", verificationUrl).bind("interval", interval).bind("exp", expiresAt.toEpochMilli())
                .bind("msg", "Waiting for the user to enter the code at " + verificationUrl).bind("now", now)
                .execute());
        return id;
    }

    Optional<Attempt> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, username, user_code, verification_url, interval_seconds, "
                        + "expires_at, state, message FROM trakt_device_codes WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> new Attempt(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), Instant.ofEpochMilli(rs.getLong(6)), rs.getString(7), rs.getString(8)))
                .findOne());
    }

    Secret deviceCode(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT device_code FROM trakt_device_codes WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne()).map(box::open).orElse(Secret.empty());
    }

    /**
     * Claims the next poll of a pending attempt for {@code interval} seconds; false when another instance
     * holds the claim. Real time, not the app's clock: the claim is between real timers in separate processes.
     */
    boolean claimPoll(String id, int interval) {
        long now = System.currentTimeMillis();
        return jdbi.withHandle(h -> h.createUpdate("UPDATE trakt_device_codes SET next_poll_at = :next "
                        + "WHERE id = :id AND state = 'pending' AND next_poll_at <= :now")
                .bind("next", now + interval * 1000L).bind("id", id).bind("now", now).execute()) == 1;
    }

    /** How long until another instance's claim on the attempt runs out (zero when none is held). */
    java.time.Duration claimedFor(String id) {
        long until = jdbi.withHandle(h -> h.createQuery("SELECT next_poll_at FROM trakt_device_codes WHERE id = :id")
                .bind("id", id).mapTo(Long.class).findOne().orElse(0L));
        return java.time.Duration.ofMillis(Math.max(0, until - System.currentTimeMillis()));
    }

    List<String> pending() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM trakt_device_codes WHERE state = 'pending'")
                .mapTo(String.class).list());
    }

    /**
     * Moves an attempt to {@code state}; a finished attempt forgets its device code, which is worthless
     * to keep (used, expired or refused).
     */
    void update(String id, String state, String message, int interval) {
        boolean finished = !state.equals("pending");
        jdbi.useHandle(h -> h.createUpdate("UPDATE trakt_device_codes SET state = :state, message = :msg, "
                        + "interval_seconds = :interval, updated_at = :now"
                        + (finished ? ", device_code = ''" : "") + " WHERE id = :id")
                .bind("state", state).bind("msg", message).bind("interval", interval).bind("now", clock.millis())
                .bind("id", id).execute());
    }
}
