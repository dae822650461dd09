package dev.aperture.ui;

import dev.aperture.alerts.ErrorStats;
import dev.aperture.calls.ErrorType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Errors per hour or per day, stacked by type, laid out for an inline SVG: the geometry is
 * computed here so the template only draws rectangles.
 */
public record Chart(String range, int width, int height, List<Bar> bars, List<Tick> ticks, long total,
                    boolean hourly) {

    public record Segment(String type, int y, int height, long count) {}

    public record Bar(int x, int width, Instant start, long total, List<Segment> segments, boolean labelled) {}

    public record Tick(int y, long value) {}

    /** Types bottom to top, so the errors (red) sit on the axis. */
    static final List<ErrorType> TYPES = List.of(ErrorType.AUTHENTICATION, ErrorType.CONFIGURATION,
            ErrorType.RATE_LIMIT, ErrorType.OUTAGE);
    static final Map<String, Duration> RANGES = Map.of("24h", Duration.ofHours(24), "7d", Duration.ofDays(7),
            "30d", Duration.ofDays(30));
    static final int LEFT = 40;
    static final int TOP = 10;
    static final int PLOT_HEIGHT = 180;

    /** What one bar covers: an hour in the 24-hour view, a UTC day in the others. */
    static Duration bar(String range) {
        return range.equals("24h") ? Duration.ofHours(1) : Duration.ofDays(1);
    }

    static Chart of(String range, Instant now, List<ErrorStats.Point> points) {
        boolean hourly = range.equals("24h");
        ChronoUnit unit = hourly ? ChronoUnit.HOURS : ChronoUnit.DAYS;
        int n = hourly ? 24 : (int) RANGES.get(range).toDays();
        Instant first = now.truncatedTo(unit).minus(n - 1, unit);
        long[][] counts = new long[n][TYPES.size()];
        long total = 0;
        for (ErrorStats.Point p : points) {
            int i = (int) unit.between(first, p.at().truncatedTo(unit));
            int t = TYPES.indexOf(p.type());
            if (i >= 0 && i < n && t >= 0) {
                counts[i][t] += p.occurrences();
                total += p.occurrences();
            }
        }
        long max = 1;
        for (long[] c : counts) {
            max = Math.max(max, java.util.Arrays.stream(c).sum());
        }
        long top = niceCeiling(max);
        int width = 720;
        int slot = (width - LEFT - 10) / n;
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Segment> segments = new ArrayList<>();
            int y = TOP + PLOT_HEIGHT;
            long sum = 0;
            for (int t = 0; t < TYPES.size(); t++) {
                long c = counts[i][t];
                if (c == 0) {
                    continue;
                }
                int h = Math.max(1, (int) Math.round(c * (double) PLOT_HEIGHT / top));
                y -= h;
                segments.add(new Segment(TYPES.get(t).wire(), y, h, c));
                sum += c;
            }
            int every = hourly ? 3 : n > 10 ? 5 : 1;
            bars.add(new Bar(LEFT + i * slot + 2, Math.max(2, slot - 4), first.plus(i, unit), sum, segments,
                    (n - 1 - i) % every == 0));
        }
        List<Tick> ticks = new ArrayList<>();
        for (int k = 0; k <= 4; k++) {
            long value = top * k / 4;
            ticks.add(new Tick(TOP + PLOT_HEIGHT - (int) (PLOT_HEIGHT * k / 4), value));
        }
        return new Chart(range, width, TOP + PLOT_HEIGHT + 30, bars, ticks, total, hourly);
    }

    public int axisY() {
        return TOP + PLOT_HEIGHT;
    }

    public int left() {
        return LEFT;
    }

    /** 1, 2, 4, 5, 10, 20, 40, 50 …: a top value that divides into four readable ticks. */
    static long niceCeiling(long max) {
        long step = 1;
        while (true) {
            for (long m : new long[] {4, 8, 20, 40}) {
                if (max <= m * step) {
                    return m * step;
                }
            }
            step *= 10;
        }
    }
}
