package dev.aperture.integrations.mdblist;

import dev.aperture.calls.CallRequest;
import dev.aperture.calls.Classifier;
import dev.aperture.calls.ServiceId;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.calls.Answer;
import dev.aperture.calls.JsonBody;
import dev.aperture.calls.RetryAfter;
import dev.aperture.pacing.PacingPolicy;
import dev.aperture.pacing.QuotaWindow;
import dev.aperture.pacing.Usage;
import dev.aperture.pacing.UsageReader;
import java.time.Duration;
import java.time.Instant;
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

/** MDBList: the key in the {@code apikey} parameter; curated lists, each an independent subject for alerts. */
public final class MdblistIntegration implements Integration {

    static final String DEFAULT_BASE_URL = "https://api.mdblist.com";
    /** Answers the account's daily limit and usage, and proves the key. */
    static final String PROBE_PATH = "/user";

    private final MdblistClassifier classifier = new MdblistClassifier();

    public MdblistIntegration() {}

    private static final Profile PROFILE = new Profile(ServiceId.MDBLIST, DEFAULT_BASE_URL, false,
            List.of(Field.BASE_URL, Field.API_KEY, Field.LIST_IDS), List.of(Field.API_KEY));

    @Override
    public Profile profile() {
        return PROFILE;
    }

    @Override
    public CallRequest probe(Settings settings) {
        return get(settings, PROBE_PATH, Map.of());
    }

    /** An authenticated GET of {@code path}, for the probe and for jobs. */
    public CallRequest get(Settings settings, String path, Map<String, String> query) {
        Secret key = settings.secret(Field.API_KEY);
        Map<String, String> params = new LinkedHashMap<>(query);
        params.put("apikey", key.reveal());
        return CallRequest.get(ServiceId.MDBLIST,
                        Endpoints.join(Endpoints.base(settings, DEFAULT_BASE_URL), path, params))
                .header("Accept", "application/json")
                .secret(key)
                .build();
    }

    /** The items of one list; a failure of it is that list's problem, so the list id is the subject. */
    public CallRequest listItems(Settings settings, String listId) {
        return get(settings, "/lists/" + listId + "/items", Map.of()).withSubject(listId);
    }

    @Override
    public Classifier classifier() {
        return classifier;
    }

    @Override
    public Optional<String> providerSettingsUrl() {
        return Optional.of("https://mdblist.com/preferences/");
    }

    /**
     * A daily quota by tier (1,000 assumed until the headers or {@code /user} say otherwise); every response
     * carries X-RateLimit-Limit/Remaining/Reset, and {@code /user} answers api_requests and api_requests_count.
     */
    @Override
    public PacingPolicy pacing() {
        return new PacingPolicy(new PacingPolicy.Rate(10, Duration.ofSeconds(1), 5), null,
                PacingPolicy.Quota.of(QuotaWindow.UTC_DAY, 1_000, (request, reply, now) -> UsageReader.STANDARD_HEADERS
                        .read(request, reply, now).or(() -> account(request, reply, now))));
    }

    private static Optional<Usage> account(dev.aperture.calls.CallRequest request, Answer.Reply reply, Instant now) {
        if (reply.status() != 200 || !request.uri().getPath().endsWith(PROBE_PATH)) {
            return Optional.empty();
        }
        Optional<JsonNode> body = JsonBody.parse(reply.body());
        Optional<Integer> limit = body.flatMap(b -> JsonBody.integer(b, "api_requests"));
        Optional<Integer> used = body.flatMap(b -> JsonBody.integer(b, "api_requests_count"));
        return limit.isPresent() && used.isPresent()
                ? Optional.of(new Usage(used.get(), limit.get(), RetryAfter.nextMidnightUtc(now))) : Optional.empty();
    }
}
