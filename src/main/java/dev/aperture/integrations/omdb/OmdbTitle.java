package dev.aperture.integrations.omdb;

/** OMDb's scores and awards of one title; null where OMDb has no value. */
public record OmdbTitle(String rottenTomatoes, String metascore, String imdbRating, String awards) {}
