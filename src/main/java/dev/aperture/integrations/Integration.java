package dev.aperture.integrations;

import dev.aperture.calls.Answer;
import dev.aperture.calls.CallRequest;
import dev.aperture.calls.Classifier;
import dev.aperture.calls.ServiceId;
import dev.aperture.pacing.PacingPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One service's dialect: which settings it has, how it authenticates, its cheap authenticated
 * probe, and how its answers are classified. Everything service-specific lives behind this.
 */
public interface Integration {

    /** Who the service is and which settings it has: what every integration declares, as data. */
    Profile profile();

    default ServiceId id() {
        return profile().id();
    }

    /** Where the service lives when the admin leaves the base URL empty; empty for self-hosted services. */
    default String defaultBaseUrl() {
        return profile().defaultBaseUrl();
    }

    /** Self-hosted services turn refused connections, unknown hosts and TLS errors into configuration errors. */
    default boolean selfHosted() {
        return profile().selfHosted();
    }

    /** The settings this service has, in form order. */
    default List<Field> fields() {
        return profile().fields();
    }

    /** The settings without which the service is "not configured". */
    default List<Field> required() {
        return profile().required();
    }

    /** The Test Connection / health-check request: cheap, and it must prove the credentials. */
    CallRequest probe(Settings settings);

    Classifier classifier();

    /** What a successful probe's answer says about the server (product and version); empty when it says nothing. */
    default Optional<ServerIdentity> identify(Answer.Reply probeAnswer) {
        return Optional.empty();
    }

    /** Where the admin manages their key at the provider, for the alert's action link. */
    Optional<String> providerSettingsUrl();

    /** Whether a successful probe costs quota (OMDb counts it against the daily limit). */
    default boolean probeCostsQuota() {
        return false;
    }

    /**
     * The documented limits this service is paced at and its quota window. The default suits a self-hosted
     * server on the LAN: no quota, and a rate that only keeps a job from flooding it.
     */
    default PacingPolicy pacing() {
        return PacingPolicy.of(new PacingPolicy.Rate(50, Duration.ofSeconds(1), 10));
    }

    /** How often a background health check probes the service while nothing is wrong. */
    default Duration healthCheckInterval() {
        return Duration.ofMinutes(15);
    }

    default boolean isConfigured(Settings settings) {
        return required().stream().allMatch(settings::has);
    }
}
