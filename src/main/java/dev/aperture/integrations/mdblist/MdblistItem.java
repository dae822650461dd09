package dev.aperture.integrations.mdblist;

/** One entry of a list: its rank, title, ids (null when MDBList has none) and media type ("movie" or "show"). */
public record MdblistItem(Integer rank, String title, String imdbId, String tmdbId, String mediaType) {}
