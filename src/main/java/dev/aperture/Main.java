package dev.aperture;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code aperture serve} (the default) runs the service from the environment. */
@Command(name = "aperture", mixinStandardHelpOptions = true, version = "Aperture 0.1.0",
        description = "Watches the external services of a media server and alerts when they fail.",
        subcommands = {Main.Serve.class, dev.aperture.demo.DemoCommand.class, dev.aperture.auth.AdminCommand.class,
                dev.aperture.ops.BackupCommand.class, dev.aperture.ops.RestoreCommand.class,
                dev.aperture.ops.HealthcheckCommand.class})
public final class Main implements Callable<Integer> {

    public static void main(String[] args) {
        // Picked before Logback starts; an invalid value still logs (as text) why start-up stopped.
        String format = String.valueOf(System.getenv("APERTURE_LOG_FORMAT")).trim().toLowerCase(java.util.Locale.ROOT);
        System.setProperty("aperture.logFormat", format.equals("json") ? "json" : "text");
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        return new Serve().call();
    }

    @Command(name = "serve", description = "Run Aperture (configured by APERTURE_* environment variables).")
    static final class Serve implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            App app;
            try {
                Config config = Config.fromEnvironment(System.getenv());
                app = new App(config, Clock.systemUTC(), System.getenv(), dev.aperture.pacing.Sleeper.REAL);
            } catch (IllegalArgumentException e) {
                org.slf4j.LoggerFactory.getLogger(Main.class).error("configuration error: {}", e.getMessage());
                return 2;
            }
            app.start();
            CountDownLatch stopped = new CountDownLatch(1);
            // SIGTERM (docker stop, systemctl stop, Ctrl-C): App.close stops in an order that loses nothing.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                long began = System.nanoTime();
                org.slf4j.LoggerFactory.getLogger(Main.class).info("Aperture stopping");
                app.close();
                org.slf4j.LoggerFactory.getLogger(Main.class).info("Aperture stopped in {} ms",
                        (System.nanoTime() - began) / 1_000_000);
                stopped.countDown();
            }, "aperture-shutdown"));
            stopped.await();
            return 0;
        }
    }
}
