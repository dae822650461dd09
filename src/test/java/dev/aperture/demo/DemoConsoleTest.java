package dev.aperture.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.calls.ServiceId;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code aperture demo break/heal/status} against a running demo's simulators, found from any folder. */
class DemoConsoleTest {

    @TempDir
    Path dataDir;
    private SimulatedServices sims;
    private DemoControl control;
    /** The port the (pretend) demo serves on: a free one, so a real demo on 3456 is never touched. */
    private int port;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        sims = new SimulatedServices(10, 150);
        control = new DemoControl(sims, dataDir, port);
    }

    @AfterEach
    void stop() {
        control.close();
        sims.close();
    }

    private int demo(String... args) {
        CommandLine cli = new CommandLine(new DemoCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void status_prints_a_table_with_a_header_and_each_simulators_state_found_by_the_port_alone() {
        assertThat(demo("status", "--port", String.valueOf(port))).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).startsWith("SERVICE").contains("STATE").contains("REQUESTS").contains("ADDRESS");
        assertThat(lines).hasSize(1 + ServiceId.values().length);
        assertThat(lines.get(2)).startsWith("TMDb ").contains(" healthy ").contains(sims.baseUrl(ServiceId.TMDB));
        assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l).contains(" healthy "))
                .noneSatisfy(l -> assertThat(l).contains("none"));
        // Columns line up: every row has its address where the header has ADDRESS.
        int address = lines.get(0).indexOf("ADDRESS");
        assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l.indexOf("http://")).isEqualTo(address));
        assertThat(out.toString()).doesNotContain("\u001b[").doesNotContain(" INFO ");
    }

    @Test
    void break_and_heal_reach_the_demo_by_its_port_or_its_data_dir_and_say_what_changed() {
        assertThat(demo("break", "tmdb", "auth", "--port", String.valueOf(port))).isZero();
        assertThat(sims.fault(ServiceId.TMDB)).isEqualTo(Fault.AUTH);
        assertThat(out.toString().strip()).isEqualTo("TMDb is now broken: auth");

        assertThat(demo("status", "--data-dir", dataDir.toString())).isZero();
        assertThat(out.toString()).contains("broken: auth");

        assertThat(demo("heal", "tmdb", "--data-dir", dataDir.toString())).isZero();
        assertThat(sims.fault(ServiceId.TMDB)).isEqualTo(Fault.NONE);
        assertThat(out.toString()).contains("TMDb is now healthy");
    }

    @Test
    void a_demo_that_is_not_running_is_said_on_the_error_stream_and_its_address_file_is_gone() {
        control.close();
        assertThat(Files.exists(DemoControl.byPort(port))).isFalse();
        assertThat(demo("status", "--port", String.valueOf(port))).isEqualTo(1);
        assertThat(err.toString()).contains("No demo is running on port " + port);
        assertThat(out.toString()).isEmpty();
    }
}
