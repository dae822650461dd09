package dev.aperture.integrations.trakt;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.aperture.calls.CallRequest;
import dev.aperture.calls.Classifier;
import dev.aperture.calls.ServiceId;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.calls.JsonBody;
import dev.aperture.pacing.PacingPolicy;
import dev.aperture.pacing.QuotaWindow;
import dev.aperture.pacing.Usage;
import java.time.Duration;
import java.time.Instant;
import dev.aperture.integrations.Endpoints;
import dev.aperture.integrations.Field;
import dev.aperture.integrations.Integration;
import dev.aperture.integrations.Profile;
import dev.aperture.integrations.Settings;
import dev.aperture.secrets.Secret;
import java.util.List;
import java.util.Optional;

/**
 * Trakt API v2: every call carries the app's client id as {@code trakt-api-key}; user calls add the
 * user's OAuth access token as a Bearer header.
 */
public final class TraktIntegration implements Integration {

    static final String DEFAULT_BASE_URL = "https://api.trakt.tv";
    /** A public GET: needs only the client id, which it proves (a wrong id gets 403). */
    static final String PROBE_PATH = "/genres/movies";
    static final String TOKEN_PATH = "/oauth/token";
    static final String DEVICE_CODE_PATH = "/oauth/device/code";
    static final String DEVICE_TOKEN_PATH = "/oauth/device/token";
    // Trakt rejects requests without a real User-Agent behind Cloudflare.
    static final String USER_AGENT = "Aperture/0.1";
    /** Device-flow apps register this redirect URI; a refresh must repeat it. */
    static final String DEVICE_REDIRECT_URI = "urn:ietf:wg:oauth:2.0:oob";

    private final TraktClassifier classifier = new TraktClassifier();

    public TraktIntegration() {}

    private static final Profile PROFILE = new Profile(ServiceId.TRAKT, DEFAULT_BASE_URL, false,
            List.of(Field.BASE_URL, Field.CLIENT_ID, Field.CLIENT_SECRET), List.of(Field.CLIENT_ID, Field.CLIENT_SECRET));

    @Override
    public Profile profile() {
        return PROFILE;
    }

    @Override
    public CallRequest probe(Settings settings) {
        return builder(settings, "GET", PROBE_PATH, null).build();
    }

    /** A GET on behalf of a user, e.g. {@code /sync/ratings/movies}; the subject names the user for alerts. */
    public CallRequest userGet(Settings settings, String path, Secret accessToken, String user) {
        return builder(settings, "GET", path, null)
                .header("Authorization", "Bearer " + accessToken.reveal())
                .secret(accessToken)
                .subject(user)
                .build();
    }

    /** Exchanges a (single-use) refresh token for new tokens; a refusal classifies as invalid_grant. */
    public CallRequest refresh(Settings settings, Secret refreshToken, String user) {
        Secret clientSecret = settings.secret(Field.CLIENT_SECRET);
        String body = JsonNodeFactory.instance.objectNode()
                .put("refresh_token", refreshToken.reveal())
                .put("client_id", settings.value(Field.CLIENT_ID).trim())
                .put("client_secret", clientSecret.reveal())
                .put("redirect_uri", DEVICE_REDIRECT_URI)
                .put("grant_type", "refresh_token")
                .toString();
        return builder(settings, "POST", TOKEN_PATH, body)
                .secret(refreshToken)
                .secret(clientSecret)
                .subject(user)
                .build();
    }

    /** Starts the OAuth device flow; Trakt answers device_code, user_code, verification_url, expires_in, interval. */
    public CallRequest deviceCode(Settings settings) {
        String body = JsonNodeFactory.instance.objectNode()
                .put("client_id", settings.value(Field.CLIENT_ID).trim())
                .toString();
        return builder(settings, "POST", DEVICE_CODE_PATH, body).build();
    }

    /**
     * Polls the device flow for tokens. Trakt answers 400 while the user has not approved yet, 429 when
     * polled faster than its interval, 404/409/410/418 for an invalid, used, expired or denied code.
     */
    public CallRequest deviceToken(Settings settings, Secret deviceCode, String user) {
        Secret clientSecret = settings.secret(Field.CLIENT_SECRET);
        String body = JsonNodeFactory.instance.objectNode()
                .put("code", deviceCode.reveal())
                .put("client_id", settings.value(Field.CLIENT_ID).trim())
                .put("client_secret", clientSecret.reveal())
                .toString();
        return builder(settings, "POST", DEVICE_TOKEN_PATH, body)
                .secret(deviceCode)
                .secret(clientSecret)
                .subject(user)
                .build();
    }

    private static CallRequest.Builder builder(Settings settings, String method, String path, String body) {
        String clientId = settings.value(Field.CLIENT_ID).trim();
        var uri = Endpoints.join(Endpoints.base(settings, DEFAULT_BASE_URL), path);
        CallRequest.Builder b = "POST".equals(method)
                ? CallRequest.post(ServiceId.TRAKT, uri, body)
                : CallRequest.get(ServiceId.TRAKT, uri);
        return b.header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("trakt-api-key", clientId)
                .header("trakt-api-version", "2")
                // The client id is not a password, but it is the app's identity: keep it out of records too.
                .secret(Secret.of(clientId))
                // Not sent on most calls, but an error page may still quote it: scrub it from every record.
                .secret(settings.secret(Field.CLIENT_SECRET));
    }

    @Override
    public Classifier classifier() {
        return classifier;
    }

    @Override
    public Optional<String> providerSettingsUrl() {
        return Optional.of("https://trakt.tv/oauth/applications");
    }

    /**
     * GET 1,000 per 5 minutes, POST/PUT/DELETE 1 per second (Trakt's documented limits; a 2026 guide says 500 GETs:
     * APERTURE_RATE_TRAKT=500/5m). The X-Ratelimit JSON of a 429 states the window's use.
     */
    @Override
    public PacingPolicy pacing() {
        return new PacingPolicy(new PacingPolicy.Rate(1_000, Duration.ofMinutes(5), 20), PacingPolicy.Rate.perSecond(1),
                PacingPolicy.Quota.of(QuotaWindow.FIVE_MINUTES, 1_000, (request, reply, now) -> reply
                        .header("x-ratelimit").flatMap(JsonBody::parse).flatMap(json -> usage(json))));
    }

    private static Optional<Usage> usage(JsonNode json) {
        if (!json.path("limit").isNumber() || !json.path("remaining").isNumber()) {
            return Optional.empty();
        }
        try {
            long limit = json.path("limit").asLong();
            return Optional.of(new Usage(Math.max(0, limit - json.path("remaining").asLong()), limit,
                    Instant.parse(json.path("until").asText())));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
