package dev.aperture.quotas;

import dev.aperture.calls.ServiceId;
import dev.aperture.pacing.Pacer;
import dev.aperture.web.Api;
import dev.aperture.web.RouteGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/quotas}: each service's quota window, use, limit and reset, with the pace it is held to. */
public final class QuotaRoutes implements RouteGroup {

    private final QuotaBook quotas;
    private final Pacer pacer;

    public QuotaRoutes(QuotaBook quotas, Pacer pacer) {
        this.quotas = quotas;
        this.pacer = pacer;
    }

    @Override
    public void register(Api api) {
        api.get("/api/quotas", ctx -> ctx.json(view()));
    }

    List<Map<String, Object>> view() {
        return quotas.all().stream().map(q -> {
            ServiceId id = ServiceId.parse(q.service()).orElseThrow();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("service", q.service());
            row.put("window", q.window());
            row.put("used", q.used());
            row.put("limit", q.limit());
            row.put("remaining", q.remaining());
            row.put("percentUsed", q.percentUsed());
            row.put("resetAt", q.resetAt());
            row.put("forecastExhaustedAt", q.forecastExhaustedAt());
            row.put("warning", q.warning());
            row.put("source", q.source());
            row.put("probeCostsQuota", q.probeCostsQuota());
            row.put("exhausted", q.exhausted());
            row.put("limitSource", q.limitSource());
            row.put("rate", pacer.policy(id).reads().toString());
            row.put("writeRate", pacer.policy(id).writes().toString());
            row.put("currentRatePerSecond", Math.round(pacer.readsPerSecond(id) * 100) / 100.0);
            row.put("waitingUntil", pacer.waitingUntil(id).orElse(null));
            row.put("circuit", pacer.circuit(id));
            return row;
        }).toList();
    }
}
