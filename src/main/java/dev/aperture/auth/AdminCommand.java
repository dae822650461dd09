package dev.aperture.auth;

import dev.aperture.Config;
import dev.aperture.store.Database;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aperture admin}: tasks for the owner on the host, with the same APERTURE_* settings as the service. */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Account tasks for the owner on the host (uses the same APERTURE_* settings as serve).",
        subcommands = {AdminCommand.ResetPassword.class})
public final class AdminCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("Usage: aperture admin reset-password [--username NAME] [--password-stdin]");
        return 2;
    }

    /**
     * Sets a new password without the current one and ends every session of that user. Whoever can run
     * this can read the database anyway, so it asks for nothing more than access to the host.
     */
    @Command(name = "reset-password", mixinStandardHelpOptions = true,
            description = "Set a new password for a user (default admin) and end their sessions. The new password "
                    + "is generated and printed, or read from APERTURE_NEW_PASSWORD, or from standard input with "
                    + "--password-stdin.")
    static final class ResetPassword implements Callable<Integer> {

        @Option(names = "--username", defaultValue = "admin", description = "The user (default: admin).")
        String username;

        @Option(names = "--password-stdin", description = "Read the new password from the first line of standard input.")
        boolean fromStdin;

        @Override
        public Integer call() throws Exception {
            return run(System.getenv(), new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                    System.out, System.err);
        }

        int run(Map<String, String> env, BufferedReader stdin, PrintStream out, PrintStream err) throws Exception {
            String chosen = fromStdin ? stdin.readLine() : env.get("APERTURE_NEW_PASSWORD");
            boolean generated = chosen == null && !fromStdin;
            String password = generated ? Accounts.generatePassword() : chosen;
            if (password == null || password.length() < LoginInput.MIN_NEW_PASSWORD
                    || password.length() > LoginInput.MAX_PASSWORD) {
                err.println("The new password must be " + LoginInput.MIN_NEW_PASSWORD + " to " + LoginInput.MAX_PASSWORD
                        + " characters; nothing was changed.");
                return 2;
            }
            Config config;
            try {
                config = Config.fromEnvironment(env);
            } catch (IllegalArgumentException e) {
                err.println("configuration error: " + e.getMessage());
                return 2;
            }
            Database database = Database.open(config.databaseUrl(), config.dataDir());
            try {
                if (!new Accounts(database, Clock.systemUTC()).resetPassword(username, password)) {
                    err.println("There is no user " + LogText.quote(username) + "; nothing was changed.");
                    return 1;
                }
            } finally {
                database.close();
            }
            out.println(generated ? "New password for " + username + ": " + password
                    : "Password for " + username + " changed.");
            out.println("Every session of " + username + " has ended. A running Aperture refuses logins for a while "
                    + "after repeated failures; that lock ends by itself within 15 minutes, or at a restart.");
            return 0;
        }
    }
}
