package dev.aperture.library;

import java.time.Instant;

/** A movie or series of the library, with what enrichment has stored on it so far. */
public record LibraryItem(String id, String type, String title, Integer year, String imdbId, String tmdbId,
                          String mediaServerId, String source, String overview, String genres, String keywords,
                          String tmdbRating, Instant tmdbEnrichedAt, String rottenTomatoes, String metacritic,
                          String imdbRating, String awards, Instant omdbEnrichedAt, String embeddingModel,
                          Instant embeddedAt) {}
