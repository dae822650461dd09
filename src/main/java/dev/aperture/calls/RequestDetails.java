package dev.aperture.calls;

import java.util.Map;

/** What is kept about a failed call: already sanitized, safe to store, log and show. */
public record RequestDetails(String method, String url, Map<String, String> headers, Integer responseStatus,
                             String responseExcerpt, long durationMs) {
    public RequestDetails {
        headers = Map.copyOf(headers);
    }
}
