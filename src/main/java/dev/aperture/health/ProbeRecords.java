package dev.aperture.health;

import dev.aperture.calls.ServiceId;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The stored state of each service's health checks, shared by every process on one database. */
final class ProbeRecords {

    record State(Instant lastProbeAt, boolean lastOk, int consecutiveFailures, long probes) {}

    private final Jdbi jdbi;

    ProbeRecords(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    Optional<State> load(ServiceId service) {
        return jdbi.withHandle(h -> h.createQuery("SELECT last_probe_at, last_ok, consecutive_failures, probes "
                        + "FROM health_checks WHERE service = :s").bind("s", service.id())
                .map((rs, ctx) -> new State(Instant.ofEpochMilli(rs.getLong("last_probe_at")), rs.getInt("last_ok") == 1,
                        rs.getInt("consecutive_failures"), rs.getLong("probes")))
                .findOne());
    }

    State save(ServiceId service, boolean ok, Instant at) {
        return jdbi.withHandle(h -> h.createQuery("INSERT INTO health_checks (service, last_probe_at, last_ok, "
                        + "consecutive_failures, probes) VALUES (:s, :at, :ok, :f, 1) ON CONFLICT (service) DO UPDATE SET "
                        + "last_probe_at = excluded.last_probe_at, last_ok = excluded.last_ok, consecutive_failures = "
                        + "CASE WHEN excluded.last_ok = 1 THEN 0 ELSE health_checks.consecutive_failures + 1 END, "
                        + "probes = health_checks.probes + 1 "
                        + "RETURNING last_probe_at, last_ok, consecutive_failures, probes")
                .bind("s", service.id()).bind("at", at.toEpochMilli()).bind("ok", ok ? 1 : 0).bind("f", ok ? 0 : 1)
                .map((rs, ctx) -> new State(Instant.ofEpochMilli(rs.getLong("last_probe_at")), rs.getInt("last_ok") == 1,
                        rs.getInt("consecutive_failures"), rs.getLong("probes")))
                .one());
    }
}
