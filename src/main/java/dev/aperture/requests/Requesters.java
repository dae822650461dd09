package dev.aperture.requests;

import dev.aperture.calls.Recorded;
import dev.aperture.integrations.Fetched;
import dev.aperture.integrations.Settings;
import dev.aperture.integrations.jellyseerr.JellyseerrClient;
import dev.aperture.integrations.jellyseerr.JellyseerrUser;
import dev.aperture.jobs.RunScope;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Who a request's requester is in Aperture: an explicit mapping first, else the first of the
 * requester's login names that names an Aperture user (case-insensitive). A requester sent as a bare
 * id is looked up with GET /user/{id}, whose JSON 404 the classifier reports as the user-mapping alert.
 */
final class Requesters {

    /** {@code username} null when unmapped; {@code recorded} set when the lookup call failed (already alerted). */
    record Found(String name, String username, Recorded recorded) {}

    private final JellyseerrClient jellyseerr;
    private final Settings settings;
    private final RunScope scope;
    private final Map<Integer, String> mappings;
    private final Map<String, String> apertureUsers;
    private final Map<Integer, Found> seen = new HashMap<>();

    Requesters(JellyseerrClient jellyseerr, Settings settings, RunScope scope, Map<Integer, String> mappings,
               Map<String, String> apertureUsers) {
        this.jellyseerr = jellyseerr;
        this.settings = settings;
        this.scope = scope;
        this.mappings = mappings;
        this.apertureUsers = apertureUsers;
    }

    Found find(Optional<JellyseerrUser> requestedBy) {
        if (requestedBy.isEmpty()) {
            return new Found(null, null, null);
        }
        return seen.computeIfAbsent(requestedBy.get().id(), i -> resolve(requestedBy.get()));
    }

    private Found resolve(JellyseerrUser user) {
        Recorded recorded = null;
        if (user.names().isEmpty() && !mappings.containsKey(user.id())) {
            Fetched<JellyseerrUser> fetched = jellyseerr.user(scope::call, settings, user.id());
            if (fetched instanceof Fetched.Got<JellyseerrUser> got) {
                user = got.value();
            } else if (fetched instanceof Fetched.Unsuccessful<JellyseerrUser> failed) {
                recorded = failed.result().recorded().orElse(null);
            }
        }
        String mapped = mappings.get(user.id());
        if (mapped == null) {
            mapped = user.names().stream().map(n -> apertureUsers.get(n.toLowerCase(Locale.ROOT)))
                    .filter(u -> u != null).findFirst().orElse(null);
        }
        return new Found(user.shownAs(), mapped, mapped == null ? recorded : null);
    }
}
