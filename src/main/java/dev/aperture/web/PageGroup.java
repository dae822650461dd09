package dev.aperture.web;

import io.javalin.config.RoutesConfig;

/**
 * Browser pages: registered straight on the router, not through {@link Api}, because they are not
 * part of the REST API that {@code openapi.json} describes.
 */
@FunctionalInterface
public interface PageGroup {
    void register(RoutesConfig routes);
}
