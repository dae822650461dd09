package dev.aperture.metrics;

import dev.aperture.alerts.AlertStore;
import dev.aperture.calls.CallObserver;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.ServiceId;
import dev.aperture.quotas.QuotaBook;
import dev.aperture.quotas.QuotaView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Prometheus metrics: calls by service, purpose, outcome and error type with latency histograms; pacing
 * waits and refusals; job runs by status; and, read from the store when scraped, open alerts by
 * service/type/severity and quota use.
 */
public final class Metrics implements CallObserver, JobMetrics {

    /** Gauges read the database; a scraper polling every second must not turn into a query storm. */
    static final Duration GAUGE_CACHE = Duration.ofSeconds(5);
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AlertStore alerts;
    private final QuotaBook quotas;
    private final MultiGauge openAlerts;
    private final MultiGauge quotaUsed;
    private final MultiGauge quotaLimit;
    private long gaugesReadAt = Long.MIN_VALUE;

    public Metrics(AlertStore alerts, QuotaBook quotas) {
        this.alerts = alerts;
        this.quotas = quotas;
        this.openAlerts = MultiGauge.builder("aperture.alerts.open")
                .description("Open alerts (not dismissed or resolved)").register(registry);
        this.quotaUsed = MultiGauge.builder("aperture.quota.used")
                .description("Requests used in the service's current quota window").register(registry);
        this.quotaLimit = MultiGauge.builder("aperture.quota.limit")
                .description("The service's limit in its quota window, where known").register(registry);
    }

    @Override
    public void completed(Finished call) {
        ServiceId service = call.service();
        String kind;
        String type = "none";
        if (call.outcome() instanceof Outcome.Success) {
            kind = "success";
        } else if (call.outcome() instanceof Outcome.NotFound) {
            kind = "not_found";
        } else if (call.outcome() instanceof Outcome.NotSent notSent) {
            kind = "not_sent";
            type = notSent.reason().type().wire();
            refused(service, notSent.reason());
        } else {
            type = ((Outcome.Failure) call.outcome()).type().wire();
            kind = "error";
        }
        String purpose = call.context().purpose().name().toLowerCase(Locale.ROOT);
        Counter.builder("aperture.calls").description("Calls to external services")
                .tags("service", service.id(), "purpose", purpose, "outcome", kind, "type", type)
                .register(registry).increment();
        if (call.sent()) {
            Timer.builder("aperture.call.duration").description("Latency of calls sent to external services")
                    .serviceLevelObjectives(LATENCY_BUCKETS).tags("service", service.id(), "outcome", kind)
                    .register(registry).record(call.result().latency());
        }
        waited(service, "reset", call.held().forReset());
        waited(service, "pace", call.held().forPace());
    }

    private void waited(ServiceId service, String reason, Duration waited) {
        if (waited.isZero()) {
            return;
        }
        Timer.builder("aperture.pacing.wait").description("Time callers waited for a permit or a provider's reset")
                .tags("service", service.id(), "reason", reason).register(registry).record(waited);
    }

    private void refused(ServiceId service, Outcome.NotSent.Reason reason) {
        // A run that stopped calling a service held the call back itself; pacing refused nothing.
        if (reason == Outcome.NotSent.Reason.RUN_STOPPED) {
            return;
        }
        Counter.builder("aperture.pacing.refused").description("Calls pacing did not send")
                .tags("service", service.id(), "reason", reason.wire()).register(registry).increment();
    }

    @Override
    public void runFinished(String job, String status) {
        Counter.builder("aperture.job.runs").description("Finished job runs by final status")
                .tags("job", job, "status", status).register(registry).increment();
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        refreshGauges();
        return registry.scrape();
    }

    private synchronized void refreshGauges() {
        long now = System.nanoTime();
        if (gaugesReadAt != Long.MIN_VALUE && now - gaugesReadAt < GAUGE_CACHE.toNanos()) {
            return;
        }
        gaugesReadAt = now;
        Map<List<String>, Long> open = alerts.open(AlertStore.Filter.none()).stream()
                .collect(Collectors.groupingBy(a -> List.of(a.service(), a.type().wire(), a.severity().wire()),
                        Collectors.counting()));
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        open.forEach((k, n) -> rows.add(MultiGauge.Row.of(Tags.of("service", k.get(0), "type", k.get(1),
                "severity", k.get(2)), n)));
        openAlerts.register(rows, true);
        List<QuotaView> views = quotas.all();
        quotaUsed.register(rows(views, q -> (double) q.used()), true);
        quotaLimit.register(rows(views.stream().filter(q -> q.limit() != null).toList(), q -> (double) q.limit()), true);
    }

    private static List<MultiGauge.Row<?>> rows(List<QuotaView> views, Function<QuotaView, Double> value) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        views.forEach(q -> rows.add(MultiGauge.Row.of(Tags.of("service", q.service(), "window", q.window()),
                value.apply(q))));
        return rows;
    }
}
