package dev.aperture.integrations;

/** What a self-hosted server says it is in its probe answer, e.g. "Jellyfin Server" 12.0.0, for the service page. */
public record ServerIdentity(String product, String version) {}
