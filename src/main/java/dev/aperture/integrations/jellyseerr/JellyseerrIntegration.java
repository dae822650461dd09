package dev.aperture.integrations.jellyseerr;

import dev.aperture.calls.CallRequest;
import dev.aperture.calls.Classifier;
import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.Endpoints;
import dev.aperture.integrations.Field;
import dev.aperture.integrations.Integration;
import dev.aperture.integrations.Profile;
import dev.aperture.integrations.Settings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Jellyseerr (the Overseerr API), self-hosted. Admins type the server address ("http://host:5055");
 * the API lives under {@code /api/v1}, which is added unless the address already ends with it.
 */
public final class JellyseerrIntegration implements Integration {

    static final String API_PREFIX = "/api/v1";
    /** Stands in for a base URL that does not parse; the wire refuses it and Transport reports invalid_url. */

    private final JellyseerrClassifier classifier = new JellyseerrClassifier();

    public JellyseerrIntegration() {}

    private static final Profile PROFILE = new Profile(ServiceId.JELLYSEERR, "", true,
            List.of(Field.BASE_URL, Field.API_KEY), List.of(Field.BASE_URL, Field.API_KEY));

    @Override
    public Profile profile() {
        return PROFILE;
    }

    /**
     * {@code /auth/me}, not {@code /status}: the status route is public and answers 200 to any key,
     * so it would pass a Test Connection with a wrong one; {@code /auth/me} answers 403 to a wrong key.
     */
    @Override
    public CallRequest probe(Settings settings) {
        return get(settings, "/auth/me", Map.of()).build();
    }

    /** One page of media requests, newest first, for the request-sync job. */
    public CallRequest requests(Settings settings, int take, int skip) {
        return get(settings, "/request", Endpoints.query("take", String.valueOf(take), "skip", String.valueOf(skip),
                "sort", "added")).build();
    }

    /** The Jellyseerr user an Aperture user is mapped to; a 404 here is a user-mapping problem of that user. */
    public CallRequest user(Settings settings, String jellyseerrUserId) {
        String id = URLEncoder.encode(jellyseerrUserId, StandardCharsets.UTF_8);
        return get(settings, "/user/" + id, Map.of()).subject("user " + jellyseerrUserId).build();
    }

    @Override
    public Classifier classifier() {
        return classifier;
    }

    /** Keys live on the admin's own server (Settings → General), so there is no provider page to link. */
    @Override
    public Optional<String> providerSettingsUrl() {
        return Optional.empty();
    }

    private CallRequest.Builder get(Settings settings, String path, Map<String, String> query) {
        String api = Endpoints.withPrefix(Endpoints.lanBase(settings), API_PREFIX);
        return CallRequest.get(id(), Endpoints.joinOrUnparsable(api, path, query))
                .header("X-Api-Key", settings.secret(Field.API_KEY).reveal())
                .header("Accept", "application/json")
                .secret(settings.secret(Field.API_KEY));
    }
}
