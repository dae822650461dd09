package dev.aperture.integrations.trakt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aperture.calls.JsonBody;
import dev.aperture.integrations.Caller;
import dev.aperture.integrations.Fetched;
import dev.aperture.integrations.PayloadReader;
import dev.aperture.integrations.Settings;
import dev.aperture.secrets.Secret;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Trakt's user ratings and OAuth answers read into records. */
public final class TraktClient {

    /** Trakt's suggested poll interval and code lifetime when its answer leaves them out. */
    private static final int DEFAULT_INTERVAL_SECONDS = 5;
    private static final int DEFAULT_CODE_LIFETIME_SECONDS = 600;
    private static final String DEFAULT_VERIFICATION_URL = "https://trakt.tv/activate";

    private final TraktIntegration trakt;
    private final PayloadReader reader;

    public TraktClient(TraktIntegration trakt, ObjectMapper mapper) {
        this.trakt = trakt;
        this.reader = new PayloadReader(mapper);
    }

    /** A user's ratings of one kind ({@code /sync/ratings/movies} or {@code /shows}); entries without ids or rating are left out. */
    public Fetched<List<TraktRating>> ratings(Caller caller, Settings settings, TraktRating.Kind kind,
                                              Secret accessToken, String user) {
        return reader.read(caller.call(trakt.userGet(settings, "/sync/ratings/" + kind.wire() + "s", accessToken, user)),
                body -> ratings(kind, body));
    }

    /** Spends a single-use refresh token; an answer without both tokens is unreadable. */
    public Fetched<TraktTokenGrant> refresh(Caller caller, Settings settings, Secret refreshToken, String user) {
        return reader.read(caller.call(trakt.refresh(settings, refreshToken, user)), TraktClient::grant);
    }

    /** Starts the device flow; an answer without a device code is unreadable. */
    public Fetched<TraktDeviceCode> deviceCode(Caller caller, Settings settings) {
        return reader.read(caller.call(trakt.deviceCode(settings)), TraktClient::deviceCode);
    }

    /**
     * One poll of the device flow. Trakt's statuses are the poll's answer (400 pending, 429 slow down,
     * 404/409/410/418 invalid, used, expired, denied), read from {@link Fetched#result()}.
     */
    public Fetched<TraktTokenGrant> deviceToken(Caller caller, Settings settings, Secret deviceCode, String user) {
        return reader.read(caller.call(trakt.deviceToken(settings, deviceCode, user)), TraktClient::grant);
    }

    private static Optional<List<TraktRating>> ratings(TraktRating.Kind kind, JsonNode body) {
        if (!body.isArray()) {
            return Optional.empty();
        }
        List<TraktRating> out = new ArrayList<>();
        body.forEach(n -> rating(kind, n).ifPresent(out::add));
        return Optional.of(out);
    }

    /** One entry: {rated_at, rating, type, movie|show: {title, year, ids: {trakt, slug, imdb, tmdb}}}. */
    private static Optional<TraktRating> rating(TraktRating.Kind kind, JsonNode entry) {
        JsonNode media = entry.get(kind.wire());
        JsonNode ids = media == null ? null : media.get("ids");
        Optional<String> traktId = JsonBody.text(ids, "trakt");
        Optional<Integer> value = JsonBody.integer(entry, "rating");
        if (traktId.isEmpty() || value.isEmpty()) {
            return Optional.empty();
        }
        Instant ratedAt = JsonBody.text(entry, "rated_at").flatMap(TraktClient::instant).orElse(null);
        return Optional.of(new TraktRating(kind, traktId.get(), JsonBody.text(ids, "imdb").orElse(null),
                JsonBody.text(ids, "tmdb").orElse(null), JsonBody.text(media, "title").orElse(""),
                JsonBody.integer(media, "year").orElse(null), value.get(), ratedAt));
    }

    /** {access_token, token_type, expires_in (seconds), refresh_token, scope, created_at}. */
    private static Optional<TraktTokenGrant> grant(JsonNode body) {
        Secret access = Secret.of(JsonBody.text(body, "access_token").orElse(""));
        Secret refresh = Secret.of(JsonBody.text(body, "refresh_token").orElse(""));
        if (access.isEmpty() || refresh.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TraktTokenGrant(access, refresh, JsonBody.integer(body, "expires_in")));
    }

    /** {device_code, user_code, verification_url, expires_in, interval}. */
    private static Optional<TraktDeviceCode> deviceCode(JsonNode body) {
        String code = JsonBody.text(body, "device_code").orElse("");
        if (code.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TraktDeviceCode(Secret.of(code), JsonBody.text(body, "user_code").orElse(""),
                JsonBody.text(body, "verification_url").orElse(DEFAULT_VERIFICATION_URL),
                Math.max(1, JsonBody.integer(body, "interval").orElse(DEFAULT_INTERVAL_SECONDS)),
                JsonBody.integer(body, "expires_in").orElse(DEFAULT_CODE_LIFETIME_SECONDS)));
    }

    private static Optional<Instant> instant(String iso) {
        try {
            return Optional.of(Instant.parse(iso));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
