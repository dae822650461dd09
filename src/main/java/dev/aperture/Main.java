package dev.aperture;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code aperture serve} (the default) runs the service from the environment. */
@Command(name = "aperture", mixinStandardHelpOptions = true, version = "Aperture 0.1.0",
        description = "Watches the external services of a media server and alerts when they fail.",
        subcommands = {Main.Serve.class, dev.aperture.demo.DemoCommand.class, dev.aperture.auth.AdminCommand.class})
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
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.close();
                stopped.countDown();
            }, "aperture-shutdown"));
            stopped.await();
            return 0;
        }
    }
}
