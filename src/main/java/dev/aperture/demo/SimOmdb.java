package dev.aperture.demo;

import dev.aperture.calls.ServiceId;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/** OMDb: errors inside JSON with 200 or 401, and a daily quota that runs out ("Request limit reached!"). */
final class SimOmdb extends Simulator {

    static final String KEY = "demokey7";

    private final DemoCatalog catalog;
    final AtomicInteger usedToday = new AtomicInteger();
    volatile int dailyLimit;

    SimOmdb(DemoCatalog catalog, int dailyLimit) {
        super(ServiceId.OMDB);
        this.catalog = catalog;
        this.dailyLimit = dailyLimit;
    }

    @Override
    void handle(SimExchange ex) throws IOException {
        Fault f = fault();
        if (f == Fault.OUTAGE) {
            ex.cloudflareDown("www.omdbapi.com");
            return;
        }
        if (f == Fault.AUTH || !KEY.equals(ex.query.get("apikey"))) {
            ex.json(401, "{\"Response\":\"False\",\"Error\":\"Invalid API key!\"}");
            return;
        }
        if (f == Fault.RATE_LIMIT || usedToday.incrementAndGet() > dailyLimit) {
            ex.json(401, "{\"Response\":\"False\",\"Error\":\"Request limit reached!\"}");
            return;
        }
        String imdb = ex.query.getOrDefault("i", "");
        if (imdb.equals("tt3896198")) {
            // The title Test Connection asks for: it must exist, as it does on the real OMDb.
            ex.json(200, "{\"Title\":\"Guardians of the Galaxy Vol. 2\",\"Year\":\"2017\",\"imdbID\":\"tt3896198\","
                    + "\"Type\":\"movie\",\"Response\":\"True\"}");
            return;
        }
        var t = catalog.byImdb(imdb).filter(x -> !x.obscure());
        if (t.isEmpty()) {
            String error = imdb.isEmpty() || catalog.byImdb(imdb).isPresent() ? "Movie not found!" : "Incorrect IMDb ID.";
            ex.json(200, "{\"Response\":\"False\",\"Error\":\"" + error + "\"}");
            return;
        }
        var x = t.get();
        ex.json(200, "{\"Title\":" + DemoCatalog.quote(x.name()) + ",\"Year\":\"" + x.year() + "\",\"imdbID\":\""
                + x.imdbId() + "\",\"Type\":\"" + x.type() + "\",\"Ratings\":[{\"Source\":\"Internet Movie Database\","
                + "\"Value\":\"" + (6 + x.index() % 35 / 10.0) + "/10\"},{\"Source\":\"Rotten Tomatoes\",\"Value\":\""
                + (40 + x.index() % 60) + "%\"},{\"Source\":\"Metacritic\",\"Value\":\"" + (35 + x.index() % 60)
                + "/100\"}],\"Metascore\":\"" + (35 + x.index() % 60) + "\",\"imdbRating\":\"" + (6 + x.index() % 35 / 10.0)
                + "\",\"Awards\":\"" + (x.index() % 4 == 0 ? "Won 1 Oscar. 12 wins & 30 nominations" : "N/A")
                + "\",\"Response\":\"True\"}");
    }
}
