package dev.aperture.notify;

import dev.aperture.secrets.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The parts of a channel URL that are secrets although the URL is a plain setting: receivers such as
 * generic webhooks take their token in the query ({@code ?token=…}), and a URL may carry user-info.
 */
final class ChannelUrls {

    static final String MASK = "••••";

    private ChannelUrls() {}

    /** Query values, the whole query and the user-info of a URL, for scrubbing; nothing for other text. */
    static List<Secret> secretParts(String value) {
        List<Secret> parts = new ArrayList<>();
        URI uri = parse(value);
        if (uri == null) {
            return parts;
        }
        if (uri.getRawUserInfo() != null) {
            parts.add(Secret.of(uri.getRawUserInfo()));
            int colon = uri.getRawUserInfo().indexOf(':');
            if (colon >= 0) {
                parts.add(Secret.of(uri.getRawUserInfo().substring(colon + 1)));
            }
        }
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            parts.add(Secret.of(query));
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq >= 0 && eq + 1 < pair.length()) {
                    String raw = pair.substring(eq + 1);
                    parts.add(Secret.of(raw));
                    // A receiver quotes the value it decoded, not the escaped one in the URL.
                    parts.add(Secret.of(decoded(raw)));
                }
            }
        }
        return parts;
    }

    /** The URL as shown: user-info and every query value replaced by a mask, names and path kept. */
    static String masked(String value) {
        URI uri = parse(value);
        if (uri == null || (uri.getRawQuery() == null && uri.getRawUserInfo() == null)) {
            return value;
        }
        StringBuilder out = new StringBuilder(uri.getScheme()).append("://");
        if (uri.getRawUserInfo() != null) {
            out.append(MASK).append('@');
        }
        out.append(uri.getHost());
        if (uri.getPort() >= 0) {
            out.append(':').append(uri.getPort());
        }
        out.append(uri.getRawPath() == null ? "" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            List<String> pairs = new ArrayList<>();
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                pairs.add(eq < 0 ? pair : pair.substring(0, eq + 1) + MASK);
            }
            out.append('?').append(String.join("&", pairs));
        }
        return out.toString();
    }

    /** Scheme, host and effective port: where whatever travels with the URL ends up; "" when unset. */
    static String origin(String value) {
        URI uri = parse(value);
        if (uri == null) {
            return value == null ? "" : value.trim();
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** One path segment, percent-encoded: a room id's '!' and ':' or a stray '/' cannot change the path. */
    static String segment(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A base URL as entered, without trailing slashes, so a path appends cleanly. */
    static String base(String value) {
        return value.trim().replaceAll("/+$", "");
    }

    private static String decoded(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return raw;
        }
    }

    private static URI parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(value.trim());
            return uri.getScheme() == null || uri.getHost() == null ? null : uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
