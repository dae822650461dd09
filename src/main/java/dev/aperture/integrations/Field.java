package dev.aperture.integrations;

import dev.aperture.store.Wired;

/** A setting an integration can have; the wire name is the JSON field in the REST API. */
public enum Field implements Wired {
    BASE_URL("baseUrl", false),
    API_KEY("apiKey", true),
    CLIENT_ID("clientId", false),
    CLIENT_SECRET("clientSecret", true),
    SERVER_TYPE("serverType", false),
    MODEL("model", false),
    LIST_IDS("listIds", false);

    private final String wire;
    private final boolean secret;

    Field(String wire, boolean secret) {
        this.wire = wire;
        this.secret = secret;
    }

    @Override
    public String wire() {
        return wire;
    }

    public boolean secret() {
        return secret;
    }
}
