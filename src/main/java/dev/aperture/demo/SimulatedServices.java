package dev.aperture.demo;

import dev.aperture.calls.ServiceId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The seven simulated services of the demo, all on 127.0.0.1, stopped together. */
public final class SimulatedServices implements AutoCloseable {

    final DemoCatalog catalog;
    final SimTmdb tmdb;
    final SimOmdb omdb;
    final SimTrakt trakt;
    final SimMdblist mdblist;
    final SimJellyseerr jellyseerr;
    final SimOpenai openai;
    final SimJellyfin jellyfin;
    private final Map<ServiceId, Simulator> byService = new EnumMap<>(ServiceId.class);

    /** {@code omdbDailyLimit}: a free OMDb key allows 1,000 a day; the demo uses less so it runs out on screen. */
    public SimulatedServices(int titles, int omdbDailyLimit) {
        this.catalog = new DemoCatalog(titles);
        this.tmdb = new SimTmdb(catalog);
        this.omdb = new SimOmdb(catalog, omdbDailyLimit);
        this.trakt = new SimTrakt(catalog);
        this.mdblist = new SimMdblist(catalog);
        this.jellyseerr = new SimJellyseerr(catalog);
        this.openai = new SimOpenai();
        this.jellyfin = new SimJellyfin(catalog);
        for (Simulator s : List.of(tmdb, omdb, trakt, mdblist, jellyseerr, openai, jellyfin)) {
            byService.put(s.service, s);
        }
    }

    public String baseUrl(ServiceId service) {
        return byService.get(service).baseUrl();
    }

    public void setFault(ServiceId service, Fault fault) {
        byService.get(service).setFault(fault);
    }

    public Fault fault(ServiceId service) {
        return byService.get(service).fault();
    }

    public long requests(ServiceId service) {
        return byService.get(service).requests.get();
    }

    @Override
    public void close() {
        byService.values().forEach(Simulator::close);
    }
}
