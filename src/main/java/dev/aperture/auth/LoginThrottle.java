package dev.aperture.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts login attempts in three sliding 15-minute windows — per client and username, per client, per
 * username — and refuses an attempt once any of them is full. An attempt is counted when it is
 * admitted, before its password is hashed, so a burst of parallel guesses gets no more evaluations than
 * the window allows; a success or an attempt that was never evaluated gives its count back.
 *
 * <p>Memory is bounded whatever callers send: keys are 128-bit digests (a username is never kept), the
 * windows live in size-bounded caches (Caffeine, one per tier), and a key whose window filled is copied
 * into a separate table of locks that nothing evicts. Pressure from other usernames or addresses can push
 * windows out of a cache but never a lock; if the lock table itself is full (thousands of addresses each locked), every
 * attempt is refused until locks expire, rather than letting an old lock go.
 */
public final class LoginThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);
    static final Duration WINDOW = Duration.ofMinutes(15);
    /** A lock is ~100 bytes; filling this needs thousands of addresses, each spending its own failures. */
    static final int MAX_LOCKS = 10_000;

    /**
     * How many failures each window holds. A person mistyping gets 5 tries per address; one address
     * trying many usernames gets 20; a username tried from many addresses (a distributed guess) gets 50,
     * which stops guessing while a single attacker cannot lock the owner out from everywhere with 5.
     */
    enum Tier {
        CLIENT_AND_USERNAME(5, 20_000), CLIENT(20, 20_000), USERNAME(50, 10_000);

        final int limit;
        /**
         * Windows kept (one cache per tier, so a flood of new usernames cannot push a client's window out).
         * A window is a digest key, {@code limit} timestamps and the cache's node: ~200, ~300 and ~550
         * bytes, ~15 MB if every cache is full.
         */
        final int kept;

        Tier(int limit, int kept) {
            this.limit = limit;
            this.kept = kept;
        }
    }

    record Key(Tier tier, long high, long low) {}

    /** An admitted attempt; hand it back through {@link #failed}, {@link #succeeded} or {@link #notEvaluated}. */
    public record Ticket(List<Key> keys, long at, String username, String client) {}

    /** How an attempt to log in was met. */
    public sealed interface Admission {
        record Admitted(Ticket ticket) implements Admission {}

        record Refused(Duration retryAfter) implements Admission {}
    }

    private final Clock clock;
    private final Map<Tier, Cache<Key, Window>> windows = new java.util.EnumMap<>(Tier.class);
    private final Map<Key, Long> locks = new HashMap<>();
    /** Logged once when the lock table fills, not for every refused attempt while it stays full. */
    private boolean saturated;

    Clock clock() {
        return clock;
    }

    public LoginThrottle(Clock clock) {
        this.clock = clock;
        for (Tier tier : Tier.values()) {
            // Maintenance on the caller's thread: the bound holds when admit returns, not later.
            windows.put(tier, Caffeine.newBuilder().maximumSize(tier.kept).expireAfterAccess(WINDOW)
                    .executor(Runnable::run).build());
        }
    }

    /** {@code username} must already be bounded (it is hashed, and a short form of it goes in the log). */
    public synchronized Admission admit(String client, String username) {
        long now = clock.millis();
        List<Key> keys = keys(client, username);
        long lockedUntil = 0;
        for (Key key : keys) {
            Long until = locks.get(key);
            if (until != null && until > now) {
                lockedUntil = Math.max(lockedUntil, until);
            } else if (until != null) {
                locks.remove(key);
            }
        }
        if (lockedUntil == 0 && locks.size() >= MAX_LOCKS) {
            locks.values().removeIf(until -> until <= now);
            if (locks.size() >= MAX_LOCKS) {
                if (!saturated) {
                    LOG.warn("login refused: {} lock-outs in force, the most this process keeps; every login waits "
                            + "until some expire", locks.size());
                }
                lockedUntil = locks.values().stream().mapToLong(Long::longValue).min().orElse(now + 1000);
            }
        }
        saturated = lockedUntil > 0 && locks.size() >= MAX_LOCKS;
        if (lockedUntil == 0) {
            for (Key key : keys) {
                Window window = windows.get(key.tier()).getIfPresent(key);
                if (window != null && window.count(now) >= key.tier().limit) {
                    // Full but not yet locked: its last attempt is still being evaluated.
                    lockedUntil = Math.max(lockedUntil, window.oldest(now) + WINDOW.toMillis());
                }
            }
        }
        if (lockedUntil > 0) {
            return new Admission.Refused(Duration.ofMillis(Math.max(1000, lockedUntil - now)));
        }
        for (Key key : keys) {
            windows.get(key.tier()).get(key, k -> new Window(k.tier().limit)).add(now);
        }
        return new Admission.Admitted(new Ticket(keys, now, username, client));
    }

    /** A wrong password: every window that is now full becomes a lock until its oldest failure ages out. */
    public synchronized void failed(Ticket ticket) {
        long now = clock.millis();
        for (Key key : ticket.keys()) {
            Window window = windows.get(key.tier()).getIfPresent(key);
            if (window != null && window.count(now) >= key.tier().limit && !locks.containsKey(key)) {
                long until = window.oldest(now) + WINDOW.toMillis();
                locks.put(key, until);
                LOG.warn("login locked out: {} failures for {} in {} minutes (user {}, client {}); refused for {} s",
                        key.tier().limit, describe(key.tier()), WINDOW.toMinutes(), LogText.quote(ticket.username()),
                        LogText.quote(ticket.client()), Math.max(1, (until - now) / 1000));
            }
        }
    }

    /** The right password: this client's failures for the account are forgotten, and this attempt uncounted. */
    public synchronized void succeeded(Ticket ticket) {
        for (Key key : ticket.keys()) {
            if (key.tier() == Tier.CLIENT_AND_USERNAME) {
                windows.get(key.tier()).invalidate(key);
                locks.remove(key);
            } else {
                giveBack(key, ticket.at());
            }
        }
    }

    /** The password was never checked (the server was busy): the attempt does not count. */
    public synchronized void notEvaluated(Ticket ticket) {
        long now = clock.millis();
        for (Key key : ticket.keys()) {
            giveBack(key, ticket.at());
            // A failure that ended while this attempt still held its place in the window locked the key one
            // evaluation early; the window alone goes on refusing once real evaluations fill it. A window already
            // evicted proves nothing, so its lock stays.
            Window window = windows.get(key.tier()).getIfPresent(key);
            if (locks.containsKey(key) && window != null && window.count(now) < key.tier().limit) {
                locks.remove(key);
            }
        }
    }

    /** Keys locked right now, for tests and the log. */
    synchronized int locksInForce() {
        long now = clock.millis();
        return (int) locks.values().stream().filter(until -> until > now).count();
    }

    private void giveBack(Key key, long at) {
        Window window = windows.get(key.tier()).getIfPresent(key);
        if (window != null) {
            window.remove(at);
        }
    }

    private static String describe(Tier tier) {
        return switch (tier) {
            case CLIENT_AND_USERNAME -> "this user from this client";
            case CLIENT -> "this client";
            case USERNAME -> "this user from all clients";
        };
    }

    private static List<Key> keys(String client, String username) {
        String user = username.toLowerCase(Locale.ROOT);
        return List.of(key(Tier.CLIENT_AND_USERNAME, client + '\u0000' + user), key(Tier.CLIENT, client),
                key(Tier.USERNAME, user));
    }

    private static Key key(Tier tier, String value) {
        try {
            ByteBuffer digest = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
            return new Key(tier, digest.getLong(), digest.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The times of the attempts counted in one window; never more than its limit. */
    private static final class Window {
        private final long[] times;
        private int size;

        Window(int limit) {
            this.times = new long[limit];
        }

        int count(long now) {
            prune(now);
            return size;
        }

        long oldest(long now) {
            prune(now);
            return size == 0 ? now : times[0];
        }

        void add(long at) {
            prune(at);
            if (size < times.length) {
                times[size++] = at;
            }
        }

        void remove(long at) {
            for (int i = size - 1; i >= 0; i--) {
                if (times[i] == at) {
                    System.arraycopy(times, i + 1, times, i, size - i - 1);
                    size--;
                    return;
                }
            }
        }

        private void prune(long now) {
            long cutoff = now - WINDOW.toMillis();
            int drop = 0;
            while (drop < size && times[drop] <= cutoff) {
                drop++;
            }
            if (drop > 0) {
                System.arraycopy(times, drop, times, 0, size - drop);
                size -= drop;
            }
        }
    }
}
