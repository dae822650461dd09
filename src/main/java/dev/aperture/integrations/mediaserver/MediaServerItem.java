package dev.aperture.integrations.mediaserver;

/** A movie or series of the media server's library, with the provider ids it holds (null when absent). */
public record MediaServerItem(boolean series, String name, Integer year, String imdbId, String tmdbId, String id) {}
