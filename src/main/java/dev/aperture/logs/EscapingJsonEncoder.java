package dev.aperture.logs;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;

/**
 * Two layers. The formatted message is escaped as in the text format before it is encoded, so a reader that
 * decodes the JSON (jq -r, a log viewer) still sees {@code \}{@code n} as two characters and never a forged line.
 * Then Logback's JSON encoder escapes C0 controls but writes C1 controls and U+2028/U+2029 raw; JSON allows
 * them inside strings, yet line-based log tools may split on them. Outside strings an encoded event
 * holds none of them, so each is written as a {@code \}{@code uXXXX} escape wherever it occurs.
 */
public final class EscapingJsonEncoder extends JsonEncoder {

    @Override
    public byte[] encode(ILoggingEvent event) {
        byte[] bytes = super.encode(withEscapedMessage(event));
        String json = new String(bytes, StandardCharsets.UTF_8);
        int end = json.endsWith("\n") ? json.length() - 1 : json.length();
        StringBuilder out = null;
        for (int i = 0; i < end; i++) {
            char c = json.charAt(i);
            if (LogText.unsafe(c)) {
                if (out == null) {
                    out = new StringBuilder(json.length() + 16).append(json, 0, i);
                }
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        if (out == null) {
            return bytes;
        }
        out.append(json, end, json.length());
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The event as Logback's encoder reads it, its formatted message escaped; every other answer unchanged. */
    private static ILoggingEvent withEscapedMessage(ILoggingEvent event) {
        String escaped = LogText.escape(event.getFormattedMessage());
        return (ILoggingEvent) Proxy.newProxyInstance(ILoggingEvent.class.getClassLoader(),
                new Class<?>[] {ILoggingEvent.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getFormattedMessage") && method.getParameterCount() == 0) {
                        return escaped;
                    }
                    try {
                        return method.invoke(event, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
