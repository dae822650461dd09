package dev.aperture.logs;

/**
 * Escapes what could end or fake a log line: every C0 and C1 control character (CR and LF among them)
 * and the Unicode line and paragraph separators, which some log viewers break lines on. Provider text,
 * URLs and usernames reach log lines, and a newline in them would start a forged line.
 */
public final class LogText {

    private LogText() {}

    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int first = firstUnsafe(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (unsafe(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }

    private static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (unsafe(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A caller-chosen or provider-chosen value as one log field: quoted, with quotes, backslashes and every
     * unsafe character escaped, and cut to {@code max} characters (the length said) so it cannot fill the log
     * or fake the fields after it.
     */
    public static String quote(String value, int max) {
        if (value == null) {
            return "null";
        }
        int end = Math.min(value.length(), max);
        StringBuilder out = new StringBuilder(end + 8).append('"');
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (unsafe(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
        if (value.length() > max) {
            out.append("… (").append(value.length()).append(" chars)");
        }
        return out.toString();
    }

    /** A value that is one plain token (letters, digits, {@code _.-:/}) as it is; anything else {@link #quote}d. */
    public static String field(Object value, int max) {
        String text = String.valueOf(value);
        if (text.length() <= max && text.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c)
                || "_.-:/?&=%+~".indexOf(c) >= 0))) {
            return text;
        }
        return quote(text, max);
    }
}
