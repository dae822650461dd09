package dev.aperture.integrations;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds request URIs from a configured base URL, which admins type with or without a trailing slash. */
public final class Endpoints {

    /** Where a request goes when the saved base URL cannot be parsed: the pipeline reports it as a setting to fix. */
    public static final URI UNPARSABLE = URI.create("invalid:unparsable-base-url");

    private Endpoints() {}

    /** The base URL to use: the configured one, else the service's default. */
    public static String base(Settings settings, String defaultBaseUrl) {
        String configured = settings.optional(Field.BASE_URL).orElse(defaultBaseUrl);
        return configured == null ? "" : configured.trim();
    }

    /** Adds an API version prefix (TMDb "/3", Jellyseerr "/api/v1") unless the base already ends with it. */
    public static String withPrefix(String base, String prefix) {
        String trimmed = stripSlash(base);
        return trimmed.endsWith(prefix) ? trimmed : trimmed + prefix;
    }

    public static URI join(String base, String path, Map<String, String> query) {
        String q = query.isEmpty() ? "" : "?" + query.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return URI.create(stripSlash(base) + (path.startsWith("/") ? path : "/" + path) + q);
    }

    /** {@link #join}, except that a base URL with a space or stray character gives {@link #UNPARSABLE}, never a throw. */
    public static URI joinOrUnparsable(String base, String path, Map<String, String> query) {
        try {
            return join(base, path, query);
        } catch (IllegalArgumentException e) {
            return UNPARSABLE;
        }
    }

    /** A self-hosted server's base URL; typed without a scheme ("192.168.1.10:8096") it means plain http, as on a LAN. */
    public static String lanBase(Settings settings) {
        String base = base(settings, "");
        return base.isEmpty() || base.contains("://") ? base : "http://" + base;
    }

    public static URI join(String base, String path) {
        return join(base, path, Map.of());
    }

    public static Map<String, String> query(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static String stripSlash(String base) {
        String b = base;
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return b;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
