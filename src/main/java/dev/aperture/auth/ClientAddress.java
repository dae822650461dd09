package dev.aperture.auth;

import io.javalin.http.Context;

/**
 * Where a request came from, for the per-client login window. The socket's address unless a
 * proxy-aware reader is passed in (behind a reverse proxy every request comes from the proxy).
 */
@FunctionalInterface
public interface ClientAddress {

    ClientAddress SOCKET = Context::ip;

    String of(Context ctx);
}
