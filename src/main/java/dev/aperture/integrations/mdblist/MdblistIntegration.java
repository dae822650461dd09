package dev.aperture.integrations.mdblist;

import dev.aperture.calls.CallRequest;
import dev.aperture.calls.Classifier;
import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.Endpoints;
import dev.aperture.integrations.Field;
import dev.aperture.integrations.Integration;
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

    @Override
    public ServiceId id() {
        return ServiceId.MDBLIST;
    }

    @Override
    public String defaultBaseUrl() {
        return DEFAULT_BASE_URL;
    }

    @Override
    public boolean selfHosted() {
        return false;
    }

    @Override
    public List<Field> fields() {
        return List.of(Field.BASE_URL, Field.API_KEY, Field.LIST_IDS);
    }

    @Override
    public List<Field> required() {
        return List.of(Field.API_KEY);
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
}
