package dev.aperture.integrations.mediaserver;

import dev.aperture.calls.CallRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * How the API key travels, per server. Jellyfin 12 ships a migration that turns its
 * {@code EnableLegacyAuthorization} setting off, after which it ignores {@code X-Emby-Token},
 * {@code X-MediaBrowser-Token}, {@code X-Emby-Authorization} and {@code ?api_key=} and answers a valid key with
 * an empty 401. Every Jellyfin since 10.8 reads {@code Authorization: MediaBrowser Token="<key>"} first, and
 * consults the legacy headers only when that carries no token. Emby documents the key in {@code X-Emby-Token}
 * (or {@code ?api_key=}); its {@code Authorization} scheme is for user sessions.
 */
enum ServerAuth {

    /**
     * The default server type, which admins of Emby servers have also left in place: the MediaBrowser scheme
     * for Jellyfin (the only one Jellyfin 12 reads) plus {@code X-Emby-Token}, which such an Emby server reads.
     */
    JELLYFIN {
        @Override
        CallRequest.Builder sign(CallRequest.Builder request, String key) {
            return request.header("Authorization", mediaBrowser(key)).header("X-Emby-Token", key);
        }
    },

    /**
     * Emby's own header only, so no {@code Authorization} header is sent: the admin chose Emby, and that
     * header stays free for anything in front of the server that needs it.
     */
    EMBY {
        @Override
        CallRequest.Builder sign(CallRequest.Builder request, String key) {
            return request.header("X-Emby-Token", key);
        }
    };

    abstract CallRequest.Builder sign(CallRequest.Builder request, String key);

    static ServerAuth of(String serverType) {
        return MediaServerIntegration.EMBY.equals(serverType) ? EMBY : JELLYFIN;
    }

    /**
     * Jellyfin splits the parameters on commas and '=', trims the quotes and URL-decodes each value, so the
     * key is URL-encoded to arrive unchanged whatever characters it holds.
     */
    static String mediaBrowser(String key) {
        return "MediaBrowser Token=\"" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "\"";
    }
}
