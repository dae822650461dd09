package dev.aperture.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A made-up library of a few hundred titles, the same every time (seeded), that every simulator agrees on. */
final class DemoCatalog {

    record Title(int index, String type, String name, int year, String imdbId, int tmdbId, boolean obscure) {
        String jellyfinId() {
            return "demo" + index;
        }
    }

    private static final String[] ADJECTIVES = {"Silent", "Crimson", "Last", "Hidden", "Broken", "Golden", "Endless",
        "Northern", "Quiet", "Electric", "Distant", "Frozen", "Lost", "Burning", "Paper", "Iron", "Velvet", "Hollow"};
    private static final String[] NOUNS = {"Harbor", "Signal", "Orchard", "Frontier", "Lighthouse", "Garden", "Empire",
        "Tide", "Archive", "Kingdom", "Station", "Mirror", "Voyage", "Horizon", "Letters", "Circus", "Machine", "River"};

    final List<Title> titles;

    DemoCatalog(int size) {
        Random random = new Random(20_260_314L);
        List<Title> out = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            String name = "The " + ADJECTIVES[random.nextInt(ADJECTIVES.length)] + " "
                    + NOUNS[random.nextInt(NOUNS.length)] + (i % 7 == 0 ? " " + (2 + i % 3) : "");
            String type = i % 5 == 0 ? "series" : "movie";
            // Every 23rd title is a small film OMDb and TMDb have never heard of: a normal miss.
            out.add(new Title(i, type, name, 1970 + random.nextInt(55), String.format("tt9%06d", i), 900_000 + i,
                    i % 23 == 0));
        }
        this.titles = List.copyOf(out);
    }

    java.util.Optional<Title> byImdb(String imdbId) {
        return titles.stream().filter(t -> t.imdbId().equals(imdbId)).findFirst();
    }

    java.util.Optional<Title> byTmdb(String kind, String tmdbId) {
        return titles.stream().filter(t -> String.valueOf(t.tmdbId()).equals(tmdbId)
                && (kind.equals("tv") ? t.type().equals("series") : t.type().equals("movie"))).findFirst();
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
