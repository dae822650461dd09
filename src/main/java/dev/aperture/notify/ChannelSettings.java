package dev.aperture.notify;

import dev.aperture.secrets.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A channel's settings: plain values, secrets (kept only as {@link Secret}, sealed at rest), and
 * custom HTTP headers, whose values are treated as secrets because they usually carry a token.
 */
public record ChannelSettings(Map<String, String> values, Map<String, Secret> secrets, Map<String, Secret> headers) {

    public ChannelSettings {
        values = Map.copyOf(values);
        secrets = Map.copyOf(secrets);
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    static ChannelSettings empty() {
        return new ChannelSettings(Map.of(), Map.of(), Map.of());
    }

    String value(String name) {
        return optional(name).orElse("");
    }

    Optional<String> optional(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    /** The value, or the setting's fallback when it was left empty. */
    String value(Setting setting) {
        return optional(setting.name()).orElse(setting.fallback());
    }

    Secret secret(String name) {
        Secret s = secrets.get(name);
        return s == null ? Secret.empty() : s;
    }

    boolean has(Setting setting) {
        return setting.secret() ? !secret(setting.name()).isEmpty() : optional(setting.name()).isPresent();
    }

    /**
     * Every secret value this channel holds, for scrubbing receivers' answers, longest first. A
     * secret URL (Discord, Slack) also contributes its path and its long path segments: a receiver
     * that quotes the request back quotes the path, not the whole URL, and the token is a segment. A
     * plain URL (webhook, ntfy, Gotify) contributes its query values and user-info, where tokens ride.
     */
    List<Secret> allSecrets() {
        List<Secret> all = new ArrayList<>();
        for (Secret s : secrets.values()) {
            all.add(s);
            all.addAll(urlParts(s.reveal()));
            // A list of service URLs (Apprise's urls) carries a password per URL, quoted back alone.
            for (String piece : s.reveal().split("[\\s,]+")) {
                if (!piece.isEmpty() && !piece.equals(s.reveal())) {
                    all.add(Secret.of(piece));
                }
                all.addAll(ChannelUrls.secretParts(piece));
            }
        }
        for (Secret header : headers.values()) {
            all.add(header);
            all.addAll(credentialParts(header));
        }
        for (String value : values.values()) {
            all.addAll(ChannelUrls.secretParts(value));
        }
        all.sort(java.util.Comparator.comparingInt((Secret s) -> s.reveal().length()).reversed());
        return all;
    }

    /**
     * A header value such as {@code Bearer <token>} or {@code Token <token>} carries the credential after its
     * scheme word; a receiver may quote the credential alone (as {@code Basic base64(user:<token>)} for one),
     * so each word long enough to be a credential is scrubbed in its own right too.
     */
    private static List<Secret> credentialParts(Secret header) {
        List<Secret> parts = new ArrayList<>();
        String[] words = header.reveal().trim().split("\\s+");
        if (words.length > 1) {
            for (String word : words) {
                if (word.length() >= 8) {
                    parts.add(Secret.of(word));
                }
            }
        }
        return parts;
    }

    private static List<Secret> urlParts(String value) {
        List<Secret> parts = new ArrayList<>();
        try {
            java.net.URI uri = new java.net.URI(value);
            if (uri.getHost() == null || uri.getRawPath() == null) {
                return parts;
            }
            parts.add(Secret.of(uri.getRawPath()));
            for (String segment : uri.getRawPath().split("/")) {
                if (segment.length() >= 12) {
                    parts.add(Secret.of(segment));
                }
            }
            if (uri.getRawQuery() != null) {
                parts.add(Secret.of(uri.getRawQuery()));
            }
        } catch (java.net.URISyntaxException notAUrl) {
            // a token, not a URL: the value itself is scrubbed
        }
        return parts;
    }
}
