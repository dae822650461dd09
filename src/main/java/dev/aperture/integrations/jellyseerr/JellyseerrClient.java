package dev.aperture.integrations.jellyseerr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aperture.calls.JsonBody;
import dev.aperture.integrations.Caller;
import dev.aperture.integrations.Fetched;
import dev.aperture.integrations.PayloadReader;
import dev.aperture.integrations.Settings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Jellyseerr's media requests and users read into records. */
public final class JellyseerrClient {

    private final JellyseerrIntegration jellyseerr;
    private final PayloadReader reader;

    public JellyseerrClient(JellyseerrIntegration jellyseerr, ObjectMapper mapper) {
        this.jellyseerr = jellyseerr;
        this.reader = new PayloadReader(mapper);
    }

    /** {@code take} requests after {@code skip}; an answer without a results list is unreadable. */
    public Fetched<JellyseerrPage> requests(Caller caller, Settings settings, int take, int skip) {
        return reader.read(caller.call(jellyseerr.requests(settings, take, skip)), JellyseerrClient::page);
    }

    /** One user; a user-mapping problem of that user when Jellyseerr does not know it. */
    public Fetched<JellyseerrUser> user(Caller caller, Settings settings, int id) {
        return reader.read(caller.call(jellyseerr.user(settings, String.valueOf(id))), JellyseerrClient::user);
    }

    /** {pageInfo: {pages, pageSize, results, page}, results: [request]}. */
    private static Optional<JellyseerrPage> page(JsonNode body) {
        JsonNode results = body.get("results");
        if (results == null || !results.isArray()) {
            return Optional.empty();
        }
        List<JellyseerrRequest> out = new ArrayList<>();
        for (JsonNode r : results) {
            request(r).ifPresent(out::add);
        }
        return Optional.of(new JellyseerrPage(JsonBody.integer(body.get("pageInfo"), "results").orElse(0), out));
    }

    /** {id, status, createdAt, type, media: {mediaType, tmdbId}, requestedBy: user}. */
    private static Optional<JellyseerrRequest> request(JsonNode r) {
        Optional<String> id = JsonBody.text(r, "id");
        if (id.isEmpty()) {
            return Optional.empty();
        }
        JsonNode media = r.get("media");
        return Optional.of(new JellyseerrRequest(id.get(), JsonBody.integer(r, "status").orElse(null),
                JsonBody.text(media, "mediaType").or(() -> JsonBody.text(r, "type")).orElse(null),
                JsonBody.text(media, "tmdbId").orElse(null), user(r.get("requestedBy")),
                JsonBody.text(r, "createdAt").flatMap(JellyseerrClient::instant).orElse(null)));
    }

    /** {id, email, username, plexUsername, jellyfinUsername, displayName, ...}; only id is always there. */
    private static Optional<JellyseerrUser> user(JsonNode user) {
        Optional<Integer> id = JsonBody.integer(user, "id");
        if (id.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        for (String field : List.of("jellyfinUsername", "username", "plexUsername")) {
            JsonBody.text(user, field).filter(s -> !s.isBlank()).ifPresent(names::add);
        }
        JsonBody.text(user, "email").filter(e -> e.indexOf('@') > 0).map(e -> e.substring(0, e.indexOf('@')))
                .ifPresent(names::add);
        return Optional.of(new JellyseerrUser(id.get(), JsonBody.text(user, "displayName").orElse(null), names));
    }

    private static Optional<Instant> instant(String iso) {
        try {
            return Optional.of(Instant.parse(iso));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
