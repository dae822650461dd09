package dev.aperture.testing;

import dev.aperture.testing.FakeServer.Recorded;
import dev.aperture.testing.FakeServer.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Jellyfin 12 and Emby as their own code and docs describe how they read an API key, installed on a
 * {@link FakeServer}. {@code library} answers {@code /Items} once the key was accepted.
 */
public final class FakeMediaServers {

    private FakeMediaServers() {}

    /**
     * Jellyfin 12.0 after its DisableLegacyAuthorization migration (jellyfin/jellyfin,
     * Jellyfin.Server/Migrations/Routines/20260531160000_DisableLegacyAuthorization.cs sets
     * EnableLegacyAuthorization to false). Jellyfin.Server.Implementations/Security/AuthorizationContext.cs then
     * reads the token only from {@code Authorization} with the scheme "MediaBrowser" (case-insensitive; the
     * "Emby" scheme is legacy), parameters split on ',' and '=', quotes trimmed, URL-decoded, or from the
     * {@code ApiKey} query parameter; X-Emby-Token, X-MediaBrowser-Token, X-Emby-Authorization and api_key are
     * ignored. A request without an accepted token gets 401 with an empty body. /System/Info/Public needs no
     * key and carries ProductName "Jellyfin Server" (MediaBrowser.Model/System/PublicSystemInfo.cs);
     * /System/Info extends it.
     */
    public static void jellyfin12(FakeServer server, String key, Function<Recorded, Response> library) {
        String info = "\"ServerName\":\"nas\",\"Version\":\"12.0.0\",\"ProductName\":\"Jellyfin Server\","
                + "\"OperatingSystem\":\"Linux\",\"Id\":\"0c3a59e1f2d84b6c9e7a1d2b3c4f5a6e\",\"StartupWizardCompleted\":true";
        server.answer("/System/Info/Public", Response.json(200, "{\"LocalAddress\":\"http://10.0.0.5:8096\"," + info + "}"));
        server.answer("/", r -> key.equals(jellyfinToken(r).orElse(null))
                ? route(r, "{" + info + ",\"HasPendingRestart\":false,\"IsShuttingDown\":false}", library)
                : Response.of(401, null, ""));
    }

    /**
     * Emby: the API key in the X-Emby-Token header or the api_key query parameter
     * (dev.emby.media/doc/restapi/API-Key-Authentication.html). A wrong key answers 401 with a line of text.
     * Its PublicSystemInfo has LocalAddress, ServerName, Version, Id and no ProductName
     * (dev.emby.media/reference/RestAPI/SystemService/getSystemInfoPublic.html); SystemInfo extends it.
     */
    public static void emby(FakeServer server, String key, Function<Recorded, Response> library) {
        String info = "\"LocalAddress\":\"http://10.0.0.6:8096\",\"ServerName\":\"emby-nas\",\"Version\":\"4.9.1.0\","
                + "\"Id\":\"a1e2b3c4d5f60718293a4b5c6d7e8f90\"";
        server.answer("/System/Info/Public", Response.json(200, "{" + info + "}"));
        server.answer("/", r -> key.equals(r.header("x-emby-token")) || key.equals(query(r, "api_key").orElse(null))
                ? route(r, "{" + info + ",\"OperatingSystemDisplayName\":\"Linux\",\"HasPendingRestart\":false}", library)
                : Response.of(401, "text/plain", "Access token is invalid or expired."));
    }

    private static Response route(Recorded r, String systemInfo, Function<Recorded, Response> library) {
        String path = r.path().toLowerCase(Locale.ROOT);
        if (path.endsWith("/system/info")) {
            return Response.json(200, systemInfo);
        }
        if (path.endsWith("/items")) {
            return library.apply(r);
        }
        return Response.of(404, null, "");
    }

    private static Optional<String> jellyfinToken(Recorded r) {
        String auth = Optional.ofNullable(r.header("authorization")).orElse("").strip();
        int space = auth.indexOf(' ');
        if (space > 0 && auth.substring(0, space).equalsIgnoreCase("MediaBrowser")) {
            for (String part : auth.substring(space + 1).split(",")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).strip().equals("Token")) {
                    String value = part.substring(eq + 1).strip().replaceAll("^\"|\"$", "");
                    return Optional.of(URLDecoder.decode(value, StandardCharsets.UTF_8));
                }
            }
        }
        return query(r, "ApiKey");
    }

    private static Optional<String> query(Recorded r, String name) {
        String q = Optional.ofNullable(r.uri().getRawQuery()).orElse("");
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
