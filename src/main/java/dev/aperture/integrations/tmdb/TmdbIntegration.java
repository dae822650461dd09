package dev.aperture.integrations.tmdb;

import dev.aperture.calls.CallRequest;
import dev.aperture.calls.Classifier;
import dev.aperture.calls.ServiceId;
import dev.aperture.pacing.PacingPolicy;
import dev.aperture.integrations.Endpoints;
import dev.aperture.integrations.Field;
import dev.aperture.integrations.Integration;
import dev.aperture.integrations.Profile;
import dev.aperture.integrations.Settings;
import dev.aperture.secrets.Secret;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** TMDb v3: a v3 API key as the {@code api_key} parameter, or a v4 read access token as a Bearer header. */
public final class TmdbIntegration implements Integration {

    static final String DEFAULT_BASE_URL = "https://api.themoviedb.org/3";
    /** The probe: answers {"success":true} only to a valid key, and TMDb has no quota for it to cost. */
    static final String PROBE_PATH = "/authentication";

    private final TmdbClassifier classifier = new TmdbClassifier();

    public TmdbIntegration() {}

    private static final Profile PROFILE = new Profile(ServiceId.TMDB, DEFAULT_BASE_URL, false,
            List.of(Field.BASE_URL, Field.API_KEY), List.of(Field.API_KEY));

    @Override
    public Profile profile() {
        return PROFILE;
    }

    @Override
    public CallRequest probe(Settings settings) {
        return get(settings, PROBE_PATH, Map.of());
    }

    /** An authenticated GET of {@code path} (relative to /3), for the probe and for jobs. */
    public CallRequest get(Settings settings, String path, Map<String, String> query) {
        Secret key = settings.secret(Field.API_KEY);
        String base = Endpoints.withPrefix(Endpoints.base(settings, DEFAULT_BASE_URL), "/3");
        Map<String, String> params = new LinkedHashMap<>(query);
        boolean bearer = isReadAccessToken(key.reveal());
        if (!bearer && !key.isEmpty()) {
            params.put("api_key", key.reveal());
        }
        CallRequest.Builder builder = CallRequest.get(ServiceId.TMDB, Endpoints.join(base, path, params))
                .header("Accept", "application/json")
                .secret(key);
        if (bearer) {
            builder.header("Authorization", "Bearer " + key.reveal());
        }
        return builder.build();
    }

    /**
     * A v4 read access token is a JWT ("eyJ…", three dot-separated parts). TMDb answers a v3 key sent as
     * Bearer exactly like a bad key, so the shape decides where the credential goes.
     */
    static boolean isReadAccessToken(String key) {
        return key.startsWith("eyJ") && key.chars().filter(c -> c == '.').count() == 2;
    }

    @Override
    public Classifier classifier() {
        return classifier;
    }

    @Override
    public Optional<String> providerSettingsUrl() {
        return Optional.of("https://www.themoviedb.org/settings/api");
    }

    /** About 40–50 requests/s per IP at TMDb's CDN, no daily quota: pace at the lower figure. */
    @Override
    public PacingPolicy pacing() {
        return PacingPolicy.of(PacingPolicy.Rate.perSecond(40));
    }
}
