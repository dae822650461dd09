package dev.aperture.calls;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What came back on the wire: a reply with a status, or a transport failure. */
public sealed interface Answer {

    /**
     * A reply; {@code body} is at most a bounded prefix of what the server sent ({@code truncated} says
     * whether more was cut), decoded as UTF-8.
     */
    record Reply(int status, Map<String, List<String>> headers, String body, boolean truncated) implements Answer {
        public Reply {
            TreeMap<String, List<String>> lower = new TreeMap<>();
            if (headers != null) {
                headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            }
            headers = java.util.Collections.unmodifiableMap(lower);
            body = body == null ? "" : body;
        }

        public static Reply of(int status, String body, String... headerPairs) {
            TreeMap<String, List<String>> map = new TreeMap<>();
            for (int i = 0; i + 1 < headerPairs.length; i += 2) {
                map.computeIfAbsent(headerPairs[i].toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>())
                        .add(headerPairs[i + 1]);
            }
            return new Reply(status, map, body, false);
        }

        /** First value of a header, case-insensitive. */
        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
        }

        public String contentType() {
            return header("content-type").orElse("").toLowerCase(Locale.ROOT);
        }
    }

    /** The request never got a reply: refused, unknown host, timeout, TLS, reset. */
    record TransportFailure(Throwable cause) implements Answer {}
}
