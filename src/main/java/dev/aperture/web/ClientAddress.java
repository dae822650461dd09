package dev.aperture.web;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who is really asking, behind {@link TrustedProxies}: the client's address, the scheme and the host of
 * the original request. {@link WebServer} installs this as Javalin's resolver, so {@code ctx.ip()},
 * {@code ctx.scheme()} and {@code ctx.host()} already answer it; {@link #of} is the one place features
 * (the login throttle) read the client address from.
 */
public final class ClientAddress {

    /**
     * How many {@code X-Forwarded-For} hops are looked at from the right: a chain of proxies is a handful;
     * a longer list only costs parsing, and the client's own entries (the left part) are not believed anyway.
     */
    private static final int MAX_HOPS = 16;

    private final TrustedProxies trusted;

    ClientAddress(TrustedProxies trusted) {
        this.trusted = trusted;
    }

    /** The client's address: the socket's peer, or behind a trusted proxy the address that proxy saw. */
    public static String of(Context ctx) {
        return ctx.ip();
    }

    String ip(Context ctx) {
        String peer = ctx.req().getRemoteAddr();
        Optional<InetAddress> peerAddress = TrustedProxies.literal(peer);
        if (peerAddress.isEmpty() || !trusted.trusts(peerAddress.get())) {
            return peer;
        }
        // Each proxy appends the address it received the request from, so the right-most entry that is not
        // one of ours is the client; anything left of it was written by the client and may be invented.
        List<String> hops = values(ctx, "X-Forwarded-For");
        String client = peerAddress.get().getHostAddress();
        for (int i = hops.size() - 1, seen = 0; i >= 0 && seen < MAX_HOPS; i--, seen++) {
            Optional<InetAddress> hop = TrustedProxies.literal(withoutPort(hops.get(i)));
            if (hop.isEmpty()) {
                return client;
            }
            client = hop.get().getHostAddress();
            if (!trusted.trusts(hop.get())) {
                return client;
            }
        }
        return client;
    }

    String scheme(Context ctx) {
        String own = ctx.req().getScheme();
        if (!fromTrustedProxy(ctx)) {
            return own;
        }
        List<String> protos = values(ctx, "X-Forwarded-Proto");
        if (protos.isEmpty()) {
            return own;
        }
        // The proxy nearest to us speaks last; it is the one we trust.
        String proto = protos.get(protos.size() - 1).toLowerCase(Locale.ROOT);
        return proto.equals("https") || proto.equals("http") ? proto : own;
    }

    String host(Context ctx) {
        String own = ctx.req().getHeader("Host");
        if (!fromTrustedProxy(ctx)) {
            return own;
        }
        List<String> hosts = values(ctx, "X-Forwarded-Host");
        if (hosts.isEmpty()) {
            return own;
        }
        String host = hosts.get(hosts.size() - 1);
        return host.matches("[A-Za-z0-9.-]{1,253}(:\\d{1,5})?|\\[[0-9A-Fa-f:.]{2,45}](:\\d{1,5})?") ? host : own;
    }

    private boolean fromTrustedProxy(Context ctx) {
        return TrustedProxies.literal(ctx.req().getRemoteAddr()).map(trusted::trusts).orElse(false);
    }

    /** Every comma-separated value of every copy of the header, in order. */
    private static List<String> values(Context ctx, String header) {
        List<String> out = new ArrayList<>();
        for (String line : Collections.list(ctx.req().getHeaders(header))) {
            for (String v : line.split(",")) {
                if (!v.isBlank()) {
                    out.add(v.trim());
                }
            }
        }
        return out;
    }

    /** {@code 203.0.113.7:51234} and {@code [2001:db8::7]:51234}, as some proxies write them. */
    private static String withoutPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end < 0 ? hop : hop.substring(0, end + 1);
        }
        int colon = hop.indexOf(':');
        return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }
}
