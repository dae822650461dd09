package dev.aperture.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.calls.JsonBody;
import dev.aperture.calls.ServiceId;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Trakt: trakt-api-key on every call, OAuth device flow, single-use refresh tokens, per-user
 * ratings behind Bearer tokens that can be made to expire, and refusals of one user's refresh.
 */
final class SimTrakt extends Simulator {

    static final String CLIENT_ID = "demo-trakt-client-id-0a7d";
    static final String CLIENT_SECRET = "demo-trakt-client-secret-93fe";

    record Tokens(String access, String refresh) {}

    private final DemoCatalog catalog;
    private final Map<String, String> accessToUser = new ConcurrentHashMap<>();
    private final Map<String, String> refreshToUser = new ConcurrentHashMap<>();
    private final Set<String> refusedUsers = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> devicePolls = new ConcurrentHashMap<>();
    /** Who approves the next device codes on trakt.tv, in order; the demo authorizes these users. */
    private final java.util.Queue<String> deviceUsers = new java.util.concurrent.ConcurrentLinkedQueue<>(
            List.of("alice", "bob"));
    final AtomicInteger refreshes = new AtomicInteger();

    SimTrakt(DemoCatalog catalog) {
        super(ServiceId.TRAKT);
        this.catalog = catalog;
    }

    Tokens issue(String user) {
        Tokens t = new Tokens("at_" + UUID.randomUUID().toString().replace("-", ""),
                "rt_" + UUID.randomUUID().toString().replace("-", ""));
        accessToUser.put(t.access(), user);
        refreshToUser.put(t.refresh(), user);
        return t;
    }

    /** Every access token stops working, as they do when they reach their expiry. */
    void expireAccessTokens() {
        accessToUser.clear();
    }

    /** The user revoked Aperture on trakt.tv: their refresh token is refused from now on. */
    void refuseRefresh(String user) {
        refusedUsers.add(user);
    }

    @Override
    void handle(SimExchange ex) throws IOException {
        if (fault() == Fault.OUTAGE) {
            ex.cloudflareDown("api.trakt.tv");
            return;
        }
        if (fault() == Fault.RATE_LIMIT) {
            ex.json(429, "", "Retry-After", "30", "X-Ratelimit", "{\"name\":\"UNAUTHED_API_GET_LIMIT\",\"period\":300,"
                    + "\"limit\":1000,\"remaining\":0,\"until\":\"" + java.time.Instant.now().plusSeconds(30) + "\"}");
            return;
        }
        boolean post = ex.method().equals("POST");
        JsonNode body = JsonBody.parse(ex.body).orElse(null);
        if (ex.path.startsWith("/oauth/")) {
            oauth(ex, body);
            return;
        }
        if (fault() == Fault.AUTH || !CLIENT_ID.equals(ex.header("trakt-api-key"))) {
            ex.send(403, "application/json", "");
            return;
        }
        if (ex.path.equals("/genres/movies")) {
            ex.json(200, "[{\"name\":\"Action\",\"slug\":\"action\"},{\"name\":\"Drama\",\"slug\":\"drama\"}]");
        } else if (ex.path.startsWith("/sync/ratings/") && !post) {
            String auth = ex.header("Authorization");
            String user = auth.startsWith("Bearer ") ? accessToUser.get(auth.substring(7)) : null;
            if (user == null) {
                ex.json(401, "{\"error\":\"invalid_token\",\"error_description\":\"The access token provided is "
                        + "expired, revoked, malformed, or invalid for other reasons.\"}");
                return;
            }
            boolean shows = ex.path.endsWith("/shows");
            StringBuilder out = new StringBuilder();
            for (var t : catalog.titles.subList(0, 40)) {
                if (t.type().equals("series") != shows || (t.index() + user.length()) % 3 != 0) {
                    continue;
                }
                String kind = shows ? "show" : "movie";
                out.append(out.length() == 0 ? "" : ",").append("{\"rated_at\":\"2026-01-0").append(1 + t.index() % 9)
                        .append("T20:00:00.000Z\",\"rating\":").append(5 + t.index() % 6).append(",\"type\":\"")
                        .append(kind).append("\",\"").append(kind).append("\":{\"title\":")
                        .append(DemoCatalog.quote(t.name())).append(",\"year\":").append(t.year())
                        .append(",\"ids\":{\"trakt\":").append(t.index()).append(",\"imdb\":\"").append(t.imdbId())
                        .append("\",\"tmdb\":").append(t.tmdbId()).append("}}}");
            }
            ex.json(200, "[" + out + "]");
        } else {
            ex.send(404, "application/json", "");
        }
    }

    private void oauth(SimExchange ex, JsonNode body) throws IOException {
        String clientId = body == null ? "" : JsonBody.text(body, "client_id").orElse("");
        if (!CLIENT_ID.equals(clientId)) {
            ex.json(401, "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed due to "
                    + "unknown client, no client authentication included, or unsupported authentication method.\"}");
            return;
        }
        if (ex.path.equals("/oauth/device/code")) {
            String code = "dc_" + UUID.randomUUID().toString().replace("-", "");
            devicePolls.put(code, new AtomicInteger());
            ex.json(200, "{\"device_code\":\"" + code + "\",\"user_code\":\"" + code.substring(3, 11).toUpperCase(
                    java.util.Locale.ROOT) + "\",\"verification_url\":\"https://trakt.tv/activate\",\"expires_in\":600,"
                    + "\"interval\":1}");
            return;
        }
        if (!CLIENT_SECRET.equals(JsonBody.text(body, "client_secret").orElse(""))) {
            ex.json(401, "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed.\"}");
            return;
        }
        if (ex.path.equals("/oauth/device/token")) {
            AtomicInteger polls = devicePolls.get(JsonBody.text(body, "code").orElse(""));
            if (polls == null) {
                ex.send(404, "application/json", "");
            } else if (polls.incrementAndGet() < 2) {
                ex.send(400, "application/json", "");
            } else {
                String user = deviceUsers.poll();
                tokens(ex, issue(user == null ? "trakt-user-" + devicePolls.size() : user));
            }
            return;
        }
        String refresh = JsonBody.text(body, "refresh_token").orElse("");
        String user = refreshToUser.remove(refresh);
        if (user == null || refusedUsers.contains(user)) {
            ex.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"The provided authorization grant is "
                    + "invalid, expired, revoked, does not match the redirection URI used in the authorization request, "
                    + "or was issued to another client.\"}");
            return;
        }
        refreshes.incrementAndGet();
        tokens(ex, issue(user));
    }

    private static void tokens(SimExchange ex, Tokens t) throws IOException {
        ex.json(200, "{\"access_token\":\"" + t.access() + "\",\"token_type\":\"bearer\",\"expires_in\":86400,"
                + "\"refresh_token\":\"" + t.refresh() + "\",\"scope\":\"public\",\"created_at\":"
                + System.currentTimeMillis() / 1000 + "}");
    }
}
