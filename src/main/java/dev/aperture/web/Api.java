package dev.aperture.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers API routes and remembers them, so a test can hold the OpenAPI description to every
 * route that is really served.
 */
public final class Api {

    public record Route(String method, String path) {}

    private final RoutesConfig routes;
    private final List<Route> registered = new ArrayList<>();

    Api(RoutesConfig routes) {
        this.routes = routes;
    }

    public void get(String path, Handler handler) {
        registered.add(new Route("get", path));
        routes.get(path, handler);
    }

    public void post(String path, Handler handler) {
        registered.add(new Route("post", path));
        routes.post(path, handler);
    }

    public void put(String path, Handler handler) {
        registered.add(new Route("put", path));
        routes.put(path, handler);
    }

    public void delete(String path, Handler handler) {
        registered.add(new Route("delete", path));
        routes.delete(path, handler);
    }

    public List<Route> registered() {
        return List.copyOf(registered);
    }
}
