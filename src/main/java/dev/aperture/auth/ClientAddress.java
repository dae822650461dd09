package dev.aperture.auth;

import io.javalin.http.Context;

/**
 * Where a request came from, for the per-client login window. {@link #RESOLVED} is Javalin's {@code ctx.ip()},
 * which the web server resolves: the socket's peer, or behind a proxy listed in APERTURE_TRUSTED_PROXIES the
 * client that proxy forwarded for (behind an unlisted proxy every request seems to come from the proxy).
 */
@FunctionalInterface
public interface ClientAddress {

    ClientAddress RESOLVED = Context::ip;

    String of(Context ctx);
}
