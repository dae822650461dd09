package dev.aperture.auth;

/**
 * A caller-chosen string made safe for one log line: quoted, control characters, quotes and
 * backslashes escaped (a newline cannot start a forged line), and cut to 64 characters so a long
 * username cannot fill the log.
 */
final class LogText {

    static final int MAX = 64;

    private LogText() {}

    static String quote(String value) {
        return dev.aperture.logs.LogText.quote(value, MAX);
    }
}
