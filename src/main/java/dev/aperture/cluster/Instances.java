package dev.aperture.cluster;

import dev.aperture.calls.ServiceId;
import dev.aperture.pacing.Peers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Aperture processes sharing one database. Each one keeps a row in {@code instances} fresh every
 * heartbeat and deletes it when it stops; a row silent for {@link #GONE_AFTER_BEATS} beats belongs to a
 * process that died. Pacing splits every provider's limit by the live count, and provider waits are
 * shared through {@code pacing_holds}.
 */
public final class Instances implements Peers, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Instances.class);
    /** Three missed beats, not one: a busy database or a long GC pause must not halve nobody's share. */
    static final int GONE_AFTER_BEATS = 3;
    /** Rows of processes gone this long are deleted; an instance that comes back simply inserts its row again. */
    private static final Duration FORGET_GONE = Duration.ofDays(1);

    public record Member(String name, Instant startedAt, Instant seenAt) {}

    private final Jdbi jdbi;
    private final String name;
    private final Clock clock;
    private final Duration beat;
    private final List<Runnable> eachBeat = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "aperture-instance-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private volatile int sharing = 1;

    public Instances(Jdbi jdbi, String name, Clock clock, Duration beat) {
        this.jdbi = jdbi;
        this.name = name;
        this.clock = clock;
        this.beat = beat;
    }

    /** Runs {@code work} after every heartbeat (pacing takes in its peers' news this way). */
    public void alsoEachBeat(Runnable work) {
        eachBeat.add(work);
    }

    /**
     * Registers this process. When others are already running, waits one heartbeat first: until they have
     * counted this one in, they still pace at the old share, and two full shares would exceed a limit.
     */
    public void join() {
        long now = clock.millis();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO instances (name, started_at, seen_at) VALUES (:n, :now, :now) "
                + "ON CONFLICT (name) DO UPDATE SET started_at = :now, seen_at = :now")
                .bind("n", name).bind("now", now).execute());
        int others = countLive(now) - 1;
        sharing = others + 1;
        if (others > 0) {
            LOG.info("{} other instance(s) use this database; waiting one heartbeat ({} s) so they count this one "
                    + "before it calls any provider", others, beat.toSeconds());
            try {
                Thread.sleep(beat.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        beats.scheduleAtFixedRate(this::beat, 0, beat.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void beat() {
        try {
            long now = clock.millis();
            jdbi.useHandle(h -> {
                int updated = h.createUpdate("UPDATE instances SET seen_at = :now WHERE name = :n")
                        .bind("now", now).bind("n", name).execute();
                if (updated == 0) {
                    h.createUpdate("INSERT INTO instances (name, started_at, seen_at) VALUES (:n, :now, :now) "
                            + "ON CONFLICT (name) DO UPDATE SET seen_at = :now").bind("n", name).bind("now", now).execute();
                }
                h.createUpdate("DELETE FROM instances WHERE seen_at < :old")
                        .bind("old", now - FORGET_GONE.toMillis()).execute();
            });
            int live = countLive(now);
            if (live != sharing) {
                LOG.info("{} instance(s) now share this database; each paces at 1/{} of every provider's limit",
                        live, live);
            }
            sharing = live;
        } catch (RuntimeException e) {
            // The database is away: keep the last share (the safe side is whatever was true a moment ago).
            LOG.warn("instance heartbeat failed: {}", e.toString());
        }
        for (Runnable work : eachBeat) {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.warn("heartbeat work failed: {}", e.toString());
            }
        }
    }

    private int countLive(long now) {
        long live = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM instances WHERE seen_at >= :since OR name = :n")
                .bind("since", now - beat.toMillis() * GONE_AFTER_BEATS).bind("n", name).mapTo(Long.class).one());
        return (int) Math.max(1, live);
    }

    /** Every instance seen within the last few beats, this one included, oldest first. */
    public List<Member> live() {
        long since = clock.millis() - beat.toMillis() * GONE_AFTER_BEATS;
        return jdbi.withHandle(h -> h.createQuery("SELECT name, started_at, seen_at FROM instances "
                        + "WHERE seen_at >= :since OR name = :n ORDER BY started_at, name")
                .bind("since", since).bind("n", name)
                .map((rs, ctx) -> new Member(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                        Instant.ofEpochMilli(rs.getLong(3))))
                .list());
    }

    public String name() {
        return name;
    }

    @Override
    public int sharing() {
        return sharing;
    }

    @Override
    public void held(ServiceId service, Instant until) {
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO pacing_holds (service, hold_until) VALUES (:s, :until) "
                            + "ON CONFLICT (service) DO UPDATE SET hold_until = :until "
                            + "WHERE pacing_holds.hold_until < :until")
                    .bind("s", service.id()).bind("until", until.toEpochMilli()).execute());
        } catch (RuntimeException e) {
            LOG.warn("could not share {}'s wait with other instances: {}", service.id(), e.toString());
        }
    }

    @Override
    public void released(ServiceId service, Instant at) {
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO pacing_holds (service, hold_until, released_at) "
                            + "VALUES (:s, 0, :at) ON CONFLICT (service) DO UPDATE SET hold_until = 0, released_at = :at")
                    .bind("s", service.id()).bind("at", at.toEpochMilli()).execute());
        } catch (RuntimeException e) {
            LOG.warn("could not tell other instances that {}'s settings changed: {}", service.id(), e.toString());
        }
    }

    private record HoldRow(String service, long until, Long releasedAt) {}

    @Override
    public Map<ServiceId, Hold> holds() {
        Map<ServiceId, Hold> out = new EnumMap<>(ServiceId.class);
        try {
            List<HoldRow> rows = jdbi.withHandle(h -> h.createQuery(
                            "SELECT service, hold_until, released_at FROM pacing_holds")
                    .map((rs, ctx) -> new HoldRow(rs.getString(1), rs.getLong(2),
                            rs.getObject(3) == null ? null : rs.getLong(3)))
                    .list());
            for (HoldRow row : rows) {
                ServiceId.parse(row.service()).ifPresent(id -> out.put(id, new Hold(Instant.ofEpochMilli(row.until()),
                        Optional.ofNullable(row.releasedAt()).map(Instant::ofEpochMilli))));
            }
        } catch (RuntimeException e) {
            LOG.warn("could not read the waits other instances shared: {}", e.toString());
        }
        return out;
    }

    /** Stops beating and deletes this process's row, so the others take back its share at their next beat. */
    @Override
    public void close() {
        beats.shutdownNow();
        try {
            jdbi.useHandle(h -> h.createUpdate("DELETE FROM instances WHERE name = :n").bind("n", name).execute());
        } catch (RuntimeException e) {
            LOG.warn("could not leave the instance list: {}", e.toString());
        }
    }
}
