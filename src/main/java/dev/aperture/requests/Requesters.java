package dev.aperture.requests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.Recorded;
import dev.aperture.calls.JsonBody;
import dev.aperture.integrations.Settings;
import dev.aperture.integrations.jellyseerr.JellyseerrIntegration;
import dev.aperture.jobs.RunScope;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Who a request's requester is in Aperture: an explicit mapping first, else the first of
 * jellyfinUsername, username, plexUsername and the email's local part that names an Aperture user
 * (case-insensitive). A requester sent as a bare id is looked up with GET /user/{id}, whose JSON 404
 * the classifier reports as the user-mapping alert.
 */
final class Requesters {

    /** {@code username} null when unmapped; {@code recorded} set when the lookup call failed (already alerted). */
    record Found(String name, String username, Recorded recorded) {}

    private final JellyseerrIntegration jellyseerr;
    private final Settings settings;
    private final RunScope scope;
    private final Map<Integer, String> mappings;
    private final Map<String, String> apertureUsers;
    private final Map<Integer, Found> seen = new HashMap<>();

    Requesters(JellyseerrIntegration jellyseerr, Settings settings, RunScope scope, Map<Integer, String> mappings,
               Map<String, String> apertureUsers) {
        this.jellyseerr = jellyseerr;
        this.settings = settings;
        this.scope = scope;
        this.mappings = mappings;
        this.apertureUsers = apertureUsers;
    }

    Found find(JsonNode requestedBy) {
        Optional<Integer> id = JsonBody.integer(requestedBy, "id");
        if (id.isEmpty()) {
            return new Found(null, null, null);
        }
        return seen.computeIfAbsent(id.get(), i -> resolve(i, requestedBy));
    }

    private Found resolve(int id, JsonNode user) {
        Recorded recorded = null;
        if (names(user).isEmpty() && !mappings.containsKey(id)) {
            CallResult result = scope.call(jellyseerr.user(settings, String.valueOf(id)));
            if (result.ok()) {
                user = JsonBody.parse(result.body()).orElse(user);
            } else {
                recorded = result.recorded().orElse(null);
            }
        }
        String display = JsonBody.text(user, "displayName").filter(s -> !s.isBlank())
                .orElse(names(user).stream().findFirst().orElse(null));
        String mapped = mappings.get(id);
        if (mapped == null) {
            mapped = names(user).stream().map(n -> apertureUsers.get(n.toLowerCase(Locale.ROOT)))
                    .filter(u -> u != null).findFirst().orElse(null);
        }
        return new Found(display, mapped, mapped == null ? recorded : null);
    }

    private static List<String> names(JsonNode user) {
        List<String> out = new java.util.ArrayList<>();
        for (String field : List.of("jellyfinUsername", "username", "plexUsername")) {
            JsonBody.text(user, field).filter(s -> !s.isBlank()).ifPresent(out::add);
        }
        JsonBody.text(user, "email").filter(e -> e.indexOf('@') > 0).map(e -> e.substring(0, e.indexOf('@')))
                .ifPresent(out::add);
        return out;
    }
}
