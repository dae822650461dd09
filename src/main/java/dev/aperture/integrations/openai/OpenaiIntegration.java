package dev.aperture.integrations.openai;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aperture.calls.CallRequest;
import dev.aperture.calls.Classifier;
import dev.aperture.calls.ServiceId;
import dev.aperture.calls.RetryAfter;
import dev.aperture.pacing.PacingPolicy;
import dev.aperture.pacing.QuotaWindow;
import dev.aperture.pacing.Usage;
import java.time.Duration;
import dev.aperture.integrations.Endpoints;
import dev.aperture.integrations.Field;
import dev.aperture.integrations.Integration;
import dev.aperture.integrations.Profile;
import dev.aperture.integrations.Settings;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * OpenAI or any OpenAI-compatible endpoint. The base URL is used as typed: compatible servers put the
 * API at different paths (Ollama "/v1", LiteLLM "/", Azure-style gateways elsewhere), so "/v1" is never
 * appended on the admin's behalf.
 */
public final class OpenaiIntegration implements Integration {

    static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    static final String DEFAULT_MODEL = "text-embedding-3-small";

    /** Stands in for a base URL that does not parse; the wire refuses it and Transport reports invalid_url. */

    private final OpenaiClassifier classifier = new OpenaiClassifier();

    public OpenaiIntegration() {}

    private static final Profile PROFILE = new Profile(ServiceId.OPENAI, DEFAULT_BASE_URL, false,
            List.of(Field.BASE_URL, Field.API_KEY, Field.MODEL), List.of(Field.API_KEY));

    @Override
    public Profile profile() {
        return PROFILE;
    }

    /**
     * {@code GET /models} proves the key and the base URL. It does not prove billing: a key without
     * credits lists models and fails later with 429 insufficient_quota.
     */
    @Override
    public CallRequest probe(Settings settings) {
        return authorized(CallRequest.get(id(), endpoint(settings, "/models")), settings).build();
    }

    /** Embeddings of {@code inputs} with the configured model. */
    public CallRequest embeddings(Settings settings, List<String> inputs) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("model", model(settings));
        inputs.forEach(body.putArray("input")::add);
        return authorized(CallRequest.post(id(), endpoint(settings, "/embeddings"), body.toString()),
                settings).header("Content-Type", "application/json").build();
    }

    /** The embedding model; empty means OpenAI's small embedding model. */
    public static String model(Settings settings) {
        return settings.optional(Field.MODEL).orElse(DEFAULT_MODEL);
    }

    @Override
    public Classifier classifier() {
        return classifier;
    }

    @Override
    public Optional<String> providerSettingsUrl() {
        return Optional.of("https://platform.openai.com/api-keys");
    }

    private static URI endpoint(Settings settings, String path) {
        return Endpoints.joinOrUnparsable(Endpoints.base(settings, DEFAULT_BASE_URL), path, java.util.Map.of());
    }

    private static CallRequest.Builder authorized(CallRequest.Builder builder, Settings settings) {
        return builder.header("Authorization", "Bearer " + settings.secret(Field.API_KEY).reveal())
                .header("Accept", "application/json")
                .secret(settings.secret(Field.API_KEY));
    }

    /**
     * OpenAI's limits depend on the account's tier and model and come in every response
     * (x-ratelimit-limit|remaining|reset-requests): the pace here is a ceiling, the headers hold callers at
     * a used-up window, and the quota shown is what they say.
     */
    @Override
    public PacingPolicy pacing() {
        return new PacingPolicy(new PacingPolicy.Rate(3_000, Duration.ofMinutes(1), 50), null,
                PacingPolicy.Quota.of(QuotaWindow.MINUTE, 3_000, (request, reply, now) -> {
                    Optional<Long> limit = number(reply.header("x-ratelimit-limit-requests"));
                    Optional<Long> remaining = number(reply.header("x-ratelimit-remaining-requests"));
                    Optional<Duration> reset = reply.header("x-ratelimit-reset-requests")
                            .flatMap(RetryAfter::parseGoDuration);
                    if (limit.isEmpty() || remaining.isEmpty() || reset.isEmpty()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Usage(Math.max(0, limit.get() - remaining.get()), limit.get(),
                            now.plus(reset.get())));
                }));
    }

    private static Optional<Long> number(Optional<String> value) {
        return dev.aperture.pacing.UsageReader.number(value);
    }
}
