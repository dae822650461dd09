package dev.aperture.web;

/** One feature's HTTP routes. */
@FunctionalInterface
public interface RouteGroup {
    void register(Api api);
}
