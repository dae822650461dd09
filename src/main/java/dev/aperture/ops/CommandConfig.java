package dev.aperture.ops;

import dev.aperture.Config;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;

/** The server's configuration as an offline command reads it: a bad setting is told on stderr, not thrown. */
final class CommandConfig {

    private CommandConfig() {}

    static Optional<Config> read(Map<String, String> env, PrintWriter err) {
        try {
            return Optional.of(Config.fromEnvironment(env));
        } catch (IllegalArgumentException e) {
            err.println("configuration error: " + e.getMessage());
            return Optional.empty();
        }
    }
}
