package dev.aperture.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aperture.alerts.Resolution;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Occurrence;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.RequestDetails;
import dev.aperture.calls.ServiceId;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole app with links to a fixed public URL, plus the moves a notification test makes:
 * open and resolve alerts as the pipeline would, create channels over REST, and let the batch
 * window pass and the worker run.
 */
final class NotifyFixture implements AutoCloseable {

    static final String PUBLIC_URL = "https://aperture.example.net";
    static final ObjectMapper JSON = new ObjectMapper();

    final AppFixture app;

    NotifyFixture(TestDatabases kind) {
        this(kind, Map.of());
    }

    NotifyFixture(TestDatabases kind, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("APERTURE_PUBLIC_URL", PUBLIC_URL);
        // The test drives the worker itself; the scheduler's own round would only add timing noise.
        all.putIfAbsent("APERTURE_NOTIFY_TICK_SECONDS", "3600");
        this.app = new AppFixture(kind, all);
    }

    RestClient api() {
        return app.api;
    }

    /** Opens (or counts on) an alert as a failing call would; answers the alert id. */
    String open(ServiceId service, ErrorType type, String message) {
        Outcome.Failure f = new Outcome.Failure(type, "7", 401, message, "Check the key and save it.");
        app.app.alerts.record(new Occurrence(service, f, new RequestDetails("GET", "https://example.invalid/",
                Map.of(), 401, "", 5), null, app.clock.instant()), 1);
        return app.app.alerts.open(dev.aperture.alerts.AlertStore.Filter.service(service.id())).stream()
                .filter(a -> a.type() == type).findFirst().orElseThrow().id();
    }

    void resolve(ServiceId service) {
        app.app.alerts.resolve(service, Resolution.HEALTH_CHECK, false);
    }

    /** Lets the batch window pass and runs one worker round. */
    void flush() {
        app.clock.advance(Duration.ofSeconds(31));
        app.app.notifications.tick();
    }

    void advance(Duration d) {
        app.clock.advance(d);
    }

    void tick() {
        app.app.notifications.tick();
    }

    /** Creates a channel over REST and answers its id. */
    String channel(String json) {
        RestClient.Reply reply = app.api.post("/api/notifications/channels", json);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().get("id").asText();
    }

    JsonNode deliveries(String channelId) {
        return app.api.get("/api/notifications/channels/" + channelId + "/deliveries").json().get("deliveries");
    }

    /** A page of the web UI as the logged-in admin sees it (status and HTML). */
    RestClient.Reply page(String path) {
        String base = "http://127.0.0.1:" + app.app.port();
        RestClient.Reply login = RestClient.anonymous(base).post("/api/auth/login",
                "{\"username\":\"admin\",\"password\":\"" + AppFixture.ADMIN_PASSWORD + "\"}");
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        String cookie = login.headers().get("set-cookie").get(0).split(";")[0];
        return new RestClient(base, Map.of("Cookie", cookie)).get(path);
    }

    /** Submits a page's form as the logged-in admin's browser would (session cookie and CSRF field). */
    RestClient.Reply submit(String path, Map<String, String> fields) {
        String base = "http://127.0.0.1:" + app.app.port();
        RestClient.Reply login = RestClient.anonymous(base).post("/api/auth/login",
                "{\"username\":\"admin\",\"password\":\"" + AppFixture.ADMIN_PASSWORD + "\"}");
        String cookie = login.headers().get("set-cookie").get(0).split(";")[0];
        Map<String, String> all = new java.util.LinkedHashMap<>(fields);
        all.put("_csrf", login.json().get("csrfToken").asText());
        String form = String.join("&", all.entrySet().stream().map(e -> e.getKey() + "="
                + java.net.URLEncoder.encode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8)).toList());
        try {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path)).header("Cookie", cookie)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return new RestClient.Reply(r.statusCode(), r.body(), r.headers().map());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** How many of the channel's deliveries the receiver accepted. */
    long delivered(String channelId) {
        return app.app.database.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM notification_deliveries WHERE channel_id = :c AND status = 'delivered'")
                .bind("c", channelId).mapTo(Long.class).one());
    }

    JsonNode channelView(String channelId) {
        return app.api.get("/api/notifications/channels/" + channelId).json();
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
