package dev.aperture.integrations.omdb;

import dev.aperture.calls.CallRequest;
import dev.aperture.calls.Classifier;
import dev.aperture.calls.ServiceId;
import dev.aperture.pacing.PacingPolicy;
import dev.aperture.pacing.QuotaWindow;
import dev.aperture.pacing.UsageReader;
import java.time.Duration;
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

/** OMDb: one endpoint ("/"), the key in the {@code apikey} parameter, errors inside JSON bodies. */
public final class OmdbIntegration implements Integration {

    static final String DEFAULT_BASE_URL = "https://www.omdbapi.com/";
    /** Guardians of the Galaxy Vol. 2, OMDb's own documentation example: always present. */
    static final String PROBE_IMDB_ID = "tt3896198";

    private final OmdbClassifier classifier = new OmdbClassifier();

    public OmdbIntegration() {}

    private static final Profile PROFILE = new Profile(ServiceId.OMDB, DEFAULT_BASE_URL, false,
            List.of(Field.BASE_URL, Field.API_KEY), List.of(Field.API_KEY));

    @Override
    public Profile profile() {
        return PROFILE;
    }

    @Override
    public CallRequest probe(Settings settings) {
        return get(settings, Map.of("i", PROBE_IMDB_ID));
    }

    /** An authenticated lookup, e.g. {@code Map.of("i", "tt0111161")}, for the probe and for jobs. */
    public CallRequest get(Settings settings, Map<String, String> query) {
        Secret key = settings.secret(Field.API_KEY);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("apikey", key.reveal());
        params.putAll(query);
        return CallRequest.get(ServiceId.OMDB, Endpoints.join(Endpoints.base(settings, DEFAULT_BASE_URL), "/", params))
                .header("Accept", "application/json")
                .secret(key)
                .build();
    }

    @Override
    public Classifier classifier() {
        return classifier;
    }

    @Override
    public Optional<String> providerSettingsUrl() {
        return Optional.of("https://www.omdbapi.com/apikey.aspx");
    }

    /** Every successful probe spends one of the free tier's 1,000 daily requests. */
    @Override
    public boolean probeCostsQuota() {
        return true;
    }

    /**
     * 1,000 requests per UTC day on a free key (APERTURE_QUOTA_OMDB for a patron tier); OMDb documents no
     * per-second limit and sends no rate headers, so the pace is only a courtesy.
     */
    @Override
    public PacingPolicy pacing() {
        return new PacingPolicy(new PacingPolicy.Rate(10, Duration.ofSeconds(1), 5), null,
                PacingPolicy.Quota.of(QuotaWindow.UTC_DAY, 1_000, UsageReader.NONE));
    }

    /** Every probe costs one request of the day: four a day is enough to notice a key that stopped working. */
    @Override
    public Duration healthCheckInterval() {
        return Duration.ofHours(6);
    }
}
