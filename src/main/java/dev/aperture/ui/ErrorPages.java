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
        String first = link(service, type, range, run, alert, Optional.empty());
        params.put("next", page.nextCursor() == null ? null
                : link(service, type, range, run, alert, Optional.of(page.nextCursor())));
        params.put("first", first);
        params.put("services", Arrays.asList(ServiceId.values()));
        params.put("types", Arrays.asList(ErrorType.values()));
        frame.page(ctx, "errors.jte", "Errors", "errors", params);
    }

    /** The list's address with its filters and, for an older page, the cursor; "?" only when there is a parameter. */
    static String link(Optional<String> service, Optional<String> type, Optional<String> range,
                       Optional<String> run, Optional<String> alert, Optional<String> cursor) {
        java.util.List<String> pairs = new java.util.ArrayList<>();
        service.ifPresent(v -> pairs.add("service=" + enc(v)));
        type.ifPresent(v -> pairs.add("type=" + enc(v)));
        range.ifPresent(v -> pairs.add("range=" + enc(v)));
        run.ifPresent(v -> pairs.add("jobRunId=" + enc(v)));
        alert.ifPresent(v -> pairs.add("alertId=" + enc(v)));
        cursor.ifPresent(v -> pairs.add("cursor=" + enc(v)));
        return pairs.isEmpty() ? "/errors" : "/errors?" + String.join("&", pairs);
    }

    private static String enc(String v) {
        return java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8);
    }
}
