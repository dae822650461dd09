package dev.aperture.integrations.mediaserver;

import dev.aperture.calls.Answer;
import dev.aperture.calls.CallRequest;
import dev.aperture.calls.Classifier;
import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.Endpoints;
import dev.aperture.integrations.Field;
import dev.aperture.integrations.Integration;
import dev.aperture.integrations.Profile;
import dev.aperture.integrations.ServerIdentity;
import dev.aperture.integrations.Settings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The admin's Jellyfin or Emby server. Jellyfin kept Emby's API when it forked, so the paths are the same
 * for both; how the key is sent differs (see {@link ServerAuth}). The base URL is used as typed, since a server
 * behind a reverse proxy may live under a path such as /jellyfin or /emby.
 */
public final class MediaServerIntegration implements Integration {

    static final String JELLYFIN = "jellyfin";
    static final String EMBY = "emby";

    private final MediaServerClassifier classifier = new MediaServerClassifier();

    public MediaServerIntegration() {}

    private static final Profile PROFILE = new Profile(ServiceId.MEDIASERVER, "", true,
            List.of(Field.BASE_URL, Field.API_KEY, Field.SERVER_TYPE), List.of(Field.BASE_URL, Field.API_KEY));

    @Override
    public Profile profile() {
        return PROFILE;
    }

    /**
     * {@code /System/Info} needs a valid key, unlike {@code /System/Info/Public}, so it proves the key; its
     * answer extends the public one, so it also says which server this is (see {@link #identify}).
     */
    @Override
    public CallRequest probe(Settings settings) {
        return get(settings, MediaServerClassifier.PROBE_PATH, Map.of()).build();
    }

    /** One page of the library's movies and series with the provider ids enrichment needs. */
    public CallRequest library(Settings settings, int startIndex, int limit) {
        return get(settings, "/Items", Endpoints.query("Recursive", "true", "IncludeItemTypes", "Movie,Series",
                "Fields", "ProviderIds,ProductionYear", "StartIndex", String.valueOf(startIndex),
                "Limit", String.valueOf(limit))).build();
    }

    /**
     * One item as a user sees it; the per-user path is the one Jellyfin and Emby both serve. A 404
     * here is a normal miss (the item was removed since the library sync).
     */
    public CallRequest item(Settings settings, String userId, String itemId) {
        return get(settings, "/Users/" + enc(userId) + "/Items/" + enc(itemId), Map.of()).build();
    }

    /** "jellyfin" unless the admin chose "emby". */
    public static String serverType(Settings settings) {
        return settings.optional(Field.SERVER_TYPE).map(s -> s.toLowerCase(Locale.ROOT))
                .filter(EMBY::equals).orElse(JELLYFIN);
    }

    /** The product and version from the probe's {@code /System/Info} answer, when it is one. */
    @Override
    public Optional<ServerIdentity> identify(Answer.Reply probeAnswer) {
        return ServerInfo.identify(probeAnswer.body());
    }

    @Override
    public Classifier classifier() {
        return classifier;
    }

    /** Keys are made on the admin's own server (Dashboard → API Keys), so there is no provider page to link. */
    @Override
    public Optional<String> providerSettingsUrl() {
        return Optional.empty();
    }

    private CallRequest.Builder get(Settings settings, String path, Map<String, String> query) {
        CallRequest.Builder request = CallRequest.get(id(),
                Endpoints.joinOrUnparsable(Endpoints.lanBase(settings), path, query));
        return ServerAuth.of(serverType(settings)).sign(request, settings.secret(Field.API_KEY).reveal())
                .header("Accept", "application/json")
                .secret(settings.secret(Field.API_KEY));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
