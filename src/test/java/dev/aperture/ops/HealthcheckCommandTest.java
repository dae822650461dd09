package dev.aperture.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthcheckCommandTest {

    private final StringWriter out = new StringWriter();

    @Test
    void a_running_aperture_on_the_configured_port_is_healthy() {
        try (AppFixture f = new AppFixture(TestDatabases.SQLITE)) {
            int code = new HealthcheckCommand().run(Map.of("APERTURE_PORT", String.valueOf(f.app.port())),
                    new PrintWriter(out, true));

            assertThat(code).isZero();
            assertThat(out.toString().trim()).isEqualTo("healthy");
        }
    }

    @Test
    void a_server_whose_store_is_down_is_unhealthy_and_the_probe_asked_api_health_on_loopback() {
        // Aperture's own answer while its store does not answer (HealthRoutes): 503 degraded.
        try (FakeServer degraded = new FakeServer().answer(Response.json(503,
                "{\"status\":\"degraded\",\"store\":\"down\"}"))) {
            int code = new HealthcheckCommand().run(Map.of("APERTURE_PORT", String.valueOf(degraded.port()),
                    "APERTURE_HOST", "0.0.0.0"), new PrintWriter(out, true));

            assertThat(code).isEqualTo(1);
            assertThat(out.toString()).contains("unhealthy: /api/health answered 503");
            assertThat(degraded.lastRequest().method()).isEqualTo("GET");
            assertThat(degraded.lastRequest().path()).isEqualTo("/api/health");
        }
    }

    @Test
    void nothing_listening_is_unhealthy_and_a_bad_port_is_named() throws Exception {
        int closed;
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = taken.getLocalPort();
        }

        int nothing = new HealthcheckCommand().run(Map.of("APERTURE_PORT", String.valueOf(closed)),
                new PrintWriter(out, true));
        int bad = new HealthcheckCommand().run(Map.of("APERTURE_PORT", "web"), new PrintWriter(out, true));

        assertThat(nothing).isEqualTo(1);
        assertThat(bad).isEqualTo(1);
        assertThat(out.toString()).contains("unhealthy: ConnectException").contains("APERTURE_PORT is not a port number");
    }
}
