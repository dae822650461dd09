package dev.aperture.health;

import dev.aperture.alerts.Alert;
import dev.aperture.alerts.AlertStore;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.ConnectionTest;
import dev.aperture.integrations.Integration;
import dev.aperture.integrations.IntegrationStore;
import dev.aperture.integrations.Integrations;
import dev.aperture.integrations.Settings;
import dev.aperture.pacing.Pacer;
import dev.aperture.quotas.QuotaWarning;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background health checks. One recurring scheduler task calls {@link #tick} (db-scheduler runs it on one
 * process at a time across every process sharing the database); each tick probes, one after another, the
 * configured and enabled services that are due by their stored state: the last probe plus the service's
 * interval, or the outage backoff while an outage alert is open, and never before a rate limit's reset.
 * The probe is Test Connection's, through the paced pipeline; a pass resolves the service's alerts.
 */
public final class HealthChecks {

    private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);

    private final Integrations integrations;
    private final IntegrationStore store;
    private final ConnectionTest tester;
    private final AlertStore alerts;
    private final Pacer pacer;
    private final ProbeRecords records;
    private final HealthSettings settings;
    private final Clock clock;
    /** A tick called by hand (tests, a future "check now") never runs beside the scheduled one. */
    private final ReentrantLock ticking = new ReentrantLock();

    public HealthChecks(Integrations integrations, IntegrationStore store, ConnectionTest tester, AlertStore alerts,
                        Pacer pacer, Jdbi jdbi, HealthSettings settings, Clock clock) {
        this.integrations = integrations;
        this.store = store;
        this.tester = tester;
        this.alerts = alerts;
        this.pacer = pacer;
        this.records = new ProbeRecords(jdbi);
        this.settings = settings;
        this.clock = clock;
    }

    /** One round: probes every service that is due; answers which were probed. */
    public List<ServiceId> tick() {
        if (!ticking.tryLock()) {
            return List.of();
        }
        try {
            List<ServiceId> probed = new ArrayList<>();
            for (Integration integration : integrations.all()) {
                try {
                    if (checkIfDue(integration)) {
                        probed.add(integration.id());
                    }
                } catch (RuntimeException e) {
                    LOG.error("health check of {} failed: {}", integration.id().id(), e.toString());
                }
            }
            return probed;
        } finally {
            ticking.unlock();
        }
    }

    /** When the service is next due, or empty when it is not checked at all (not configured, disabled). */
    public Optional<Instant> nextCheckAt(ServiceId service) {
        Integration integration = integrations.get(service);
        Settings saved = store.load(service);
        if (!saved.enabled() || !integration.isConfigured(saved)) {
            return Optional.empty();
        }
        return Optional.of(nextCheck(integration, records.load(service), clock.instant()));
    }

    private boolean checkIfDue(Integration integration) {
        ServiceId id = integration.id();
        Settings saved = store.load(id);
        if (!saved.enabled() || !integration.isConfigured(saved)) {
            return false;
        }
        Instant now = clock.instant();
        if (now.isBefore(nextCheck(integration, records.load(id), now))) {
            return false;
        }
        Optional<ConnectionTest.Result> result = tester.probe(id);
        if (result.isEmpty() || heldBack(result.get())) {
            return false;
        }
        ProbeRecords.State state = records.save(id, result.get().ok(), clock.instant());
        if (!result.get().ok()) {
            LOG.info("health check service={} failed type={} failuresInARow={}", id.id(),
                    result.get().error().type().wire(),
                    state.consecutiveFailures());
        }
        return true;
    }

    /** A probe that pacing did not send (a reset came closer than the tick saw) checked nothing. */
    private static boolean heldBack(ConnectionTest.Result result) {
        return !result.sent();
    }

    Instant nextCheck(Integration integration, Optional<ProbeRecords.State> state, Instant now) {
        ServiceId id = integration.id();
        List<Alert> ongoing = alerts.ongoing(id.id());
        boolean outage = ongoing.stream().anyMatch(a -> a.type() == ErrorType.OUTAGE);
        Duration interval = outage
                ? settings.outageInterval(state.map(ProbeRecords.State::consecutiveFailures).orElse(0))
                : settings.interval(id, integration.healthCheckInterval());
        Instant due = state.map(s -> s.lastProbeAt().plus(interval)).orElse(now);
        // A rate-limited service is not probed before its reset: the probe would spend a request to learn nothing.
        Optional<Instant> reset = ongoing.stream()
                .filter(a -> a.type() == ErrorType.RATE_LIMIT && a.resetAt() != null
                        && !QuotaWarning.CODE.equals(a.code()))
                .map(Alert::resetAt).max(Instant::compareTo);
        Optional<Instant> held = pacer.waitingUntil(id);
        for (Optional<Instant> later : List.of(reset, held)) {
            if (later.isPresent() && later.get().isAfter(due)) {
                due = later.get();
            }
        }
        return due;
    }
}
