package dev.aperture.integrations.jellyseerr;

import java.util.List;

/** One page of requests and the number of requests in all pages. */
public record JellyseerrPage(int total, List<JellyseerrRequest> requests) {

    public JellyseerrPage {
        requests = List.copyOf(requests);
    }
}
