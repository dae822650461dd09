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
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX) + 8).append('"');
        int end = Math.min(value.length(), MAX);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
        if (value.length() > MAX) {
            out.append("… (").append(value.length()).append(" chars)");
        }
        return out.toString();
    }
}
