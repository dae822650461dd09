package dev.aperture.ui;

import dev.aperture.alerts.AlertStore;
import dev.aperture.alerts.ErrorLog;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.ServiceId;
import dev.aperture.web.PageGroup;
import dev.aperture.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Error records, filterable and paged; each row opens its sanitized request. */
final class ErrorPages implements PageGroup {

    /** The time ranges offered, by the value of the {@code range} parameter. */
    static final Map<String, Duration> RANGES = Map.of("1h", Duration.ofHours(1), "24h", Duration.ofHours(24),
            "7d", Duration.ofDays(7), "30d", Duration.ofDays(30));

    private final Frame frame;
    private final AlertStore errors;
    private final Clock clock;

    ErrorPages(Frame frame, AlertStore errors, Clock clock) {
        this.frame = frame;
        this.errors = errors;
        this.clock = clock;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/errors", this::list);
    }

    private void list(Context ctx) {
        Optional<String> service = Requests.query(ctx, "service").filter(s -> ServiceId.parse(s).isPresent());
        Optional<String> type = Requests.query(ctx, "type").filter(t -> ErrorType.parse(t).isPresent());
        Optional<ErrorType> typed = type.flatMap(ErrorType::parse);
        Optional<String> range = Requests.query(ctx, "range").filter(RANGES::containsKey);
        Optional<String> run = Requests.query(ctx, "jobRunId");
        Optional<String> alert = Requests.query(ctx, "alertId");
        Optional<String> cursor = Requests.query(ctx, "cursor").filter(ErrorLog::validCursor);
        Optional<Instant> since = range.map(r -> clock.instant().minus(RANGES.get(r)));
        ErrorLog.Page page = errors.errors(new ErrorLog.Filter(service, typed, since, Optional.empty(), run, alert), 25,
                cursor);
        Map<String, Object> params = new HashMap<>();
        params.put("errors", page.errors());
        params.put("service", service.orElse(""));
        params.put("type", type.orElse(""));
        params.put("range", range.orElse(""));
        params.put("jobRunId", run.orElse(""));
        params.put("alertId", alert.orElse(""));
        params.put("paged", cursor.isPresent());
        params.put("next", page.nextCursor() == null ? null : query(service, type, range, run, alert)
                + "&cursor=" + page.nextCursor());
        params.put("first", query(service, type, range, run, alert));
        params.put("services", Arrays.asList(ServiceId.values()));
        params.put("types", Arrays.asList(ErrorType.values()));
        frame.page(ctx, "errors.jte", "Errors", "errors", params);
    }

    private static String query(Optional<String> service, Optional<String> type, Optional<String> range,
                                Optional<String> run, Optional<String> alert) {
        StringBuilder q = new StringBuilder("/errors?");
        service.ifPresent(v -> q.append("service=").append(enc(v)).append('&'));
        type.ifPresent(v -> q.append("type=").append(enc(v)).append('&'));
        range.ifPresent(v -> q.append("range=").append(enc(v)).append('&'));
        run.ifPresent(v -> q.append("jobRunId=").append(enc(v)).append('&'));
        alert.ifPresent(v -> q.append("alertId=").append(enc(v)).append('&'));
        return q.substring(0, q.length() - 1);
    }

    private static String enc(String v) {
        return java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8);
    }
}
