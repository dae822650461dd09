package dev.aperture.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reverse proxies whose {@code X-Forwarded-*} headers are believed ({@code APERTURE_TRUSTED_PROXIES}:
 * comma-separated IPv4/IPv6 addresses or CIDR blocks; none by default, so a client talking to Aperture
 * directly cannot claim another address, scheme or host).
 */
public final class TrustedProxies {

    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    /** An address block: the first {@code bits} bits of {@code network}. */
    private record Block(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    public static TrustedProxies fromEnvironment(Map<String, String> env) {
        return parse(env.getOrDefault("APERTURE_TRUSTED_PROXIES", ""));
    }

    /** {@code 10.0.0.0/8, 192.168.1.2, fd00::/8, ::1}; anything else is a start-up error naming the variable. */
    public static TrustedProxies parse(String value) {
        List<Block> blocks = new ArrayList<>();
        for (String raw : value.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            byte[] address = literal(slash < 0 ? entry : entry.substring(0, slash)).map(InetAddress::getAddress)
                    .orElseThrow(() -> invalid(entry));
            int bits = address.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw invalid(entry);
                }
                if (bits < 0 || bits > address.length * 8) {
                    throw invalid(entry);
                }
            }
            blocks.add(new Block(address, bits));
        }
        return new TrustedProxies(blocks);
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    public boolean trusts(InetAddress address) {
        byte[] bytes = address.getAddress();
        return blocks.stream().anyMatch(b -> b.contains(bytes));
    }

    /**
     * An IP literal (IPv4 dotted quad, or IPv6 with or without brackets) as an address, never a DNS
     * lookup: {@link InetAddress#getByName} would resolve a host name, and header values come from clients.
     */
    static Optional<InetAddress> literal(String text) {
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        boolean v4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = s.indexOf(':') >= 0 && s.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6 || s.length() > 45) {
            return Optional.empty();
        }
        if (v4) {
            for (String part : s.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return Optional.empty();
                }
            }
        }
        try {
            return Optional.of(InetAddress.getByName(s));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static IllegalArgumentException invalid(String entry) {
        return new IllegalArgumentException("APERTURE_TRUSTED_PROXIES must list IP addresses or CIDR blocks "
                + "(such as 10.0.0.0/8 or fd00::/8), not '" + entry + "'");
    }
}
