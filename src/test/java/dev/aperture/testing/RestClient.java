package dev.aperture.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small client for Aperture's REST API over real HTTP. */
public final class RestClient {

    public record Reply(int status, String body, Map<String, java.util.List<String>> headers) {
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final Map<String, String> headers;

    public RestClient(String base, Map<String, String> headers) {
        this.base = base;
        this.headers = new LinkedHashMap<>(headers);
    }

    public static RestClient anonymous(String base) {
        return new RestClient(base, Map.of());
    }

    /** Logs in as a browser does: the session cookie and the CSRF header the pages' forms and htmx send. */
    public static RestClient session(String base, String user, String password) {
        Reply login = anonymous(base).post("/api/auth/login",
                "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
        if (login.status() != 200) {
            throw new AssertionError("login failed: " + login.status() + " " + login.body());
        }
        String cookie = login.headers().get("set-cookie").get(0).split(";")[0];
        String csrf = login.json().get("csrfToken").asText();
        return new RestClient(base, Map.of("Cookie", cookie, "X-CSRF-Token", csrf));
    }

    /** The same credentials sent to another server: a browser's session on another instance of one database. */
    public RestClient at(String otherBase) {
        return new RestClient(otherBase, headers);
    }

    /** Logs in and then authenticates with a freshly issued API token. */
    public static RestClient loggedIn(String base, String user, String password) {
        RestClient session = session(base, user, password);
        Reply token = session.post("/api/tokens", "{\"name\":\"tests\"}");
        if (token.status() != 201) {
            throw new AssertionError("token failed: " + token.status() + " " + token.body());
        }
        return new RestClient(base, Map.of("Authorization", "Bearer " + token.json().get("token").asText()));
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Reply post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply put(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply patch(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    private Reply send(HttpRequest.Builder builder) {
        headers.forEach(builder::header);
        try {
            HttpResponse<String> r = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
