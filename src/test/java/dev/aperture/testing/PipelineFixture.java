package dev.aperture.testing;

import dev.aperture.calls.CallContext;
import dev.aperture.calls.CallObserver;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.Calls;
import dev.aperture.calls.HttpWire;
import dev.aperture.calls.Occurrence;
import dev.aperture.calls.Pacing;
import dev.aperture.calls.Recorded;
import dev.aperture.integrations.Integration;
import dev.aperture.integrations.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One integration behind the real pipeline and real HTTP, against a {@link FakeServer} on
 * loopback, with the failures it records kept in memory and a clock the test controls.
 */
public final class PipelineFixture implements AutoCloseable {

    public final FakeServer server = new FakeServer();
    public final MutableClock clock = new MutableClock(Instant.parse("2026-03-14T15:09:26Z"));
    public final List<Occurrence> recorded = new CopyOnWriteArrayList<>();
    public final Integration integration;
    private final Calls calls;

    /**
     * Loopback answers come in milliseconds; 10 s only matters on a machine so busy that a 2 s ceiling turned a
     * slow answer into a timeout (seen with four test JVMs at a load of 35). A test of a timeout passes its own.
     */
    public PipelineFixture(Integration integration) {
        this(integration, Duration.ofSeconds(10));
    }

    public PipelineFixture(Integration integration, Duration requestTimeout) {
        this(integration, requestTimeout, clock -> Pacing.NONE);
    }

    /** With a pacing stage built on this fixture's clock, e.g. a {@code Pacer} whose sleeper moves it. */
    public PipelineFixture(Integration integration, Duration requestTimeout,
                           java.util.function.Function<MutableClock, Pacing> pacing) {
        this.integration = integration;
        this.calls = new Calls(Map.of(integration.id(), integration.classifier()),
                Map.of(integration.id(), integration.selfHosted()),
                new HttpWire(Duration.ofSeconds(10), requestTimeout, 1 << 20), pacing.apply(clock),
                o -> {
                    recorded.add(o);
                    return Optional.of(new Recorded("alert-" + recorded.size(), "err-" + recorded.size()));
                }, CallObserver.NONE, clock, List::of);
    }

    /** Test Connection of saved settings, through the pipeline, recording failures. */
    public CallResult probe(Settings settings) {
        return calls.call(integration.probe(settings), CallContext.test(true));
    }

    public Calls calls() {
        return calls;
    }

    /** The outcome of a call that must have failed. */
    public static dev.aperture.calls.Outcome.Failure failure(CallResult result) {
        if (!(result.outcome() instanceof dev.aperture.calls.Outcome.Failure f)) {
            throw new AssertionError("expected a failure, got " + result.outcome());
        }
        return f;
    }

    /**
     * A loopback port nothing listens on: a refused connection, with no traffic. Taken below 1024, where a
     * port-0 bind never lands: a port bound and released could be handed straight to a fake server that a test
     * class running at the same time starts, which would then answer.
     */
    public static int closedPort() {
        for (int port = 1; port < 1024; port++) {
            try (java.net.Socket probe = new java.net.Socket()) {
                probe.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 2000);
            } catch (java.net.ConnectException refused) {
                return port;
            } catch (java.io.IOException e) {
                // Not a plain refusal (a timeout, a filter): not the answer a test of a refused connection wants.
            }
        }
        throw new IllegalStateException("no loopback port below 1024 refuses connections");
    }

    /** Neither the last recorded request (URL, headers, excerpt) nor its failure's words contain any of the texts. */
    public void assertLastRecordedOmits(String... texts) {
        Occurrence last = lastRecorded();
        String recorded = last.details().url() + last.details().headers().values() + last.details().responseExcerpt()
                + last.failure().message() + last.failure().code() + last.failure().action();
        for (String text : texts) {
            if (recorded.contains(text)) {
                throw new AssertionError("the recorded call contains '" + text + "': " + recorded);
            }
        }
    }

    public Occurrence lastRecorded() {
        if (recorded.isEmpty()) {
            throw new AssertionError("nothing was recorded");
        }
        return recorded.get(recorded.size() - 1);
    }

    @Override
    public void close() {
        server.close();
    }
}
