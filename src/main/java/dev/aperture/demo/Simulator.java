package dev.aperture.demo;

import com.sun.net.httpserver.HttpServer;
import dev.aperture.calls.ServiceId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated service on 127.0.0.1 (never another interface) that answers in the real API's
 * format, and can be broken and healed.
 */
abstract class Simulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);

    final ServiceId service;
    final AtomicReference<Fault> fault = new AtomicReference<>(Fault.NONE);
    final AtomicLong requests = new AtomicLong();
    private final HttpServer server;
    private final ExecutorService executor;

    Simulator(ServiceId service) {
        this.service = service;
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the " + service.displayName() + " simulator", e);
        }
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "sim-" + service.id());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", http -> {
            try (http) {
                requests.incrementAndGet();
                handle(new SimExchange(http));
            } catch (IOException | RuntimeException e) {
                LOG.debug("{} simulator: {}", service.id(), e.toString());
            }
        });
        server.start();
    }

    abstract void handle(SimExchange ex) throws IOException;

    /** The base URL Aperture should use for this service. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void setFault(Fault f) {
        fault.set(f);
        LOG.info("demo: {} simulator is now {}", service.displayName(), f == Fault.NONE ? "healthy" : f.wire());
    }

    Fault fault() {
        return fault.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
