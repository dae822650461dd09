package dev.aperture.bench;

import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TMDb stand-in that enforces L requests per second the strict way: at most L arrivals in any sliding
 * second, anything beyond answered 429 with {@code Retry-After: 1} (TMDb's status 25). Its health can be
 * switched, for the recovery measurement.
 */
final class LimitedFake implements AutoCloseable {

    private static final String OK = "{\"id\":1,\"title\":\"x\",\"success\":true,\"status_code\":1}";

    final FakeServer server = new FakeServer();
    final AtomicInteger served = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicBoolean down = new AtomicBoolean();
    private final ArrayDeque<Long> arrivals = new ArrayDeque<>();
    private final int limit;

    LimitedFake(int limit) {
        this.limit = limit;
        server.answer("/3/", r -> answer());
    }

    private Response answer() {
        if (down.get()) {
            return Response.json(503, "{\"status_code\":9,\"status_message\":\"Service offline.\",\"success\":false}");
        }
        long now = System.nanoTime();
        synchronized (arrivals) {
            while (!arrivals.isEmpty() && now - arrivals.peekFirst() >= 1_000_000_000L) {
                arrivals.pollFirst();
            }
            if (arrivals.size() >= limit) {
                refused.incrementAndGet();
                return Response.json(429, "{\"status_code\":25,\"status_message\":\"Your request count is over the "
                        + "allowed limit of " + limit + ".\",\"success\":false}", "Retry-After", "1");
            }
            arrivals.addLast(now);
        }
        served.incrementAndGet();
        return Response.json(200, OK);
    }

    String baseUrl() {
        return server.baseUrl() + "/3";
    }

    void reset() {
        served.set(0);
        refused.set(0);
        synchronized (arrivals) {
            arrivals.clear();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
