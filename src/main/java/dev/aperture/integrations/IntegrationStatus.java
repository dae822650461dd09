package dev.aperture.integrations;

import dev.aperture.store.Wired;

/** An integration's state on its card and in the API, derived from its settings and ongoing problems. */
public enum IntegrationStatus implements Wired {
    NOT_CONFIGURED, TESTING, ERROR, WARNING, CONNECTED
}
