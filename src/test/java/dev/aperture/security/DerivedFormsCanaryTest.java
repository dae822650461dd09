package dev.aperture.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Providers that quote a key back changed (upper-cased, URL-encoded, base64 as in an echoed Basic header,
 * cut short to "prefix..." or to its last characters), and a search for each changed form everywhere
 * Aperture keeps or shows text: every table, the log, every API answer and page.
 */
class DerivedFormsCanaryTest {

    /** With '+' and '/' so that its URL-encoded form differs from it. */
    private static final String KEY = "CnRy7Q+x/K3mZ9pW2vL8tR4y";
    /** OMDb keys are eight characters. */
    private static final String OMDB_KEY = "oM8cAnRy";
    /** A generic webhook's token, carried in its URL's query. */
    private static final String HOOK_TOKEN = "hOoK-t0ken/5150+qUeRy";
    /** Sent as {@code Authorization: Bearer <token>}: a receiver may quote the token alone, not the header value. */
    private static final String HEADER_TOKEN = "hdrTok-7f3c9a1e5b2d8c4f";

    @Test
    void each_derived_form_of_a_key_quoted_back_by_failing_providers_appears_nowhere() throws Exception {
        Map<String, String> forms = new LinkedHashMap<>();
        forms.putAll(forms(KEY));
        forms.putAll(forms(OMDB_KEY));
        String quoted = String.join(" | ", forms.values());
        Map<String, String> hookForms = forms(HOOK_TOKEN);
        forms.putAll(hookForms);
        Map<String, String> headerForms = forms(HEADER_TOKEN);
        forms.putAll(headerForms);

        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        List<String> answers = new ArrayList<>();
        try (FakeServer fake = new FakeServer(); FakeServer receiver = new FakeServer();
             AppFixture fixture = new AppFixture(TestDatabases.SQLITE, Map.of("APERTURE_NOTIFY_TICK_SECONDS", "3600"))) {
            // The receiver refuses, quoting its token back in every form; a working one receives the alerts.
            receiver.answer("/refusing", r -> Response.json(401, "{\"error\":\"bad token "
                    + String.join(" | ", hookForms.values()) + "\"}"));
            receiver.answer("/hook", Response.json(200, "{}"));
            receiver.answer("/bearer", r -> Response.json(401, "{\"error\":\"bad token "
                    + String.join(" | ", headerForms.values()) + "\"}"));
            String bearer = channel(fixture, receiver.baseUrl() + "/bearer",
                    ",\"headers\":{\"Authorization\":\"Bearer " + HEADER_TOKEN + "\"}");
            String refusing = channel(fixture, receiver.baseUrl() + "/refusing?token="
                    + URLEncoder.encode(HOOK_TOKEN, StandardCharsets.UTF_8), "");
            channel(fixture, receiver.baseUrl() + "/hook", "");
            // Each provider's error shape, its message field quoting every form: TMDb status_message, OMDb
            // Error, OpenAI error.message, Jellyseerr and MDBList message/error.
            String body = "{\"status_code\":7,\"status_message\":\"Invalid API key: " + quoted + "\","
                    + "\"Response\":\"False\",\"Error\":\"Invalid API key! " + quoted + "\","
                    + "\"error\":{\"message\":\"Incorrect API key provided: " + quoted + "\",\"type\":"
                    + "\"invalid_request_error\",\"code\":\"invalid_api_key\"},\"message\":\"" + quoted + "\"}";
            fake.answer("/", r -> Response.json(401, body));
            for (String service : List.of("mediaserver", "tmdb", "mdblist", "jellyseerr", "openai")) {
                assertThat(fixture.api.put("/api/integrations/" + service, "{\"apiKey\":\"" + KEY + "\",\"baseUrl\":\""
                        + fake.baseUrl() + "\"}").status()).isEqualTo(200);
            }
            assertThat(fixture.api.put("/api/integrations/omdb", "{\"apiKey\":\"" + OMDB_KEY + "\",\"baseUrl\":\""
                    + fake.baseUrl() + "\"}").status()).isEqualTo(200);
            for (String service : List.of("mediaserver", "tmdb", "omdb", "mdblist", "jellyseerr", "openai")) {
                answers.add(fixture.api.post("/api/integrations/" + service + "/test", "").body());
            }
            assertThat(fake.requests()).as("the keys really went out").anyMatch(r -> r.uri().toString()
                    .contains(OMDB_KEY));

            fixture.clock.advance(java.time.Duration.ofSeconds(31));
            fixture.app.notifications.tick();
            assertThat(receiver.requests()).as("alerts were notified").anyMatch(r -> r.path().equals("/hook"));
            assertThat(receiver.requests()).anyMatch(r -> r.uri().getRawQuery() != null
                    && r.uri().getRawQuery().contains(URLEncoder.encode(HOOK_TOKEN, StandardCharsets.UTF_8)));
            receiver.requests().forEach(r -> answers.add(r.body()));
            answers.add(fixture.api.post("/api/notifications/channels/" + refusing + "/test", "").body());
            answers.add(fixture.api.get("/api/notifications/channels/" + refusing + "/deliveries").body());
            answers.add(fixture.api.post("/api/notifications/channels/" + bearer + "/test", "").body());
            answers.add(fixture.api.get("/api/notifications/channels/" + bearer + "/deliveries").body());
            assertThat(receiver.requests()).as("the bearer token really went out").anyMatch(r -> r.path().equals("/bearer")
                    && ("Bearer " + HEADER_TOKEN).equals(r.header("Authorization")));
            for (String path : List.of("/api/notifications/channels", "/api/integrations", "/api/alerts", "/api/alerts/history", "/api/alerts/summary",
                    "/api/errors?limit=500", "/api/jobs/runs")) {
                answers.add(fixture.api.get(path).body());
            }
            JsonNode errors = fixture.api.get("/api/errors?limit=500").json().get("errors");
            assertThat(errors).hasSizeGreaterThanOrEqualTo(6);
            assertThat(errors.toString()).as("the provider's words are kept, only the key is blanked")
                    .contains("[REDACTED]");

            RestClient pages = session(fixture);
            List<String> paths = new ArrayList<>(List.of("/", "/alerts", "/alerts/history", "/errors", "/integrations",
                    "/notifications", "/notifications/" + refusing, "/notifications/" + bearer));
            for (String service : List.of("mediaserver", "tmdb", "omdb", "mdblist", "jellyseerr", "openai")) {
                paths.add("/integrations/" + service);
            }
            for (JsonNode alert : fixture.api.get("/api/alerts").json().get("alerts")) {
                paths.add("/alerts/" + alert.get("id").asText());
            }
            for (String path : paths) {
                RestClient.Reply page = pages.get(path);
                assertThat(page.status()).as(path).isEqualTo(200);
                answers.add(page.body());
            }

            List<String> tables = fixture.app.database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT name FROM sqlite_master WHERE type = 'table'").mapTo(String.class).list());
            assertThat(tables).contains("alerts", "error_records");
            for (String table : tables) {
                answers.add(fixture.app.database.jdbi().withHandle(h ->
                        h.createQuery("SELECT * FROM " + table).mapToMap().list()).toString());
            }
        } finally {
            root.detachAppender(logs);
        }
        assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("call failed service=omdb"));
        for (ILoggingEvent event : logs.list) {
            answers.add(event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy())));
        }
        for (String text : answers) {
            String lowered = text.toLowerCase(Locale.ROOT);
            forms.forEach((name, form) -> assertThat(lowered).as(name).doesNotContain(form.toLowerCase(Locale.ROOT)
                    .replace("...", "")));
        }
    }

    /** The form as a provider would quote it, by name; for the 8-character key, the prefix is the key. */
    private static Map<String, String> forms(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        Map<String, String> forms = new LinkedHashMap<>();
        forms.put(key + " upper-cased", key.toUpperCase(Locale.ROOT));
        forms.put(key + " URL-encoded", URLEncoder.encode(key, StandardCharsets.UTF_8));
        forms.put(key + " base64", Base64.getEncoder().withoutPadding().encodeToString(bytes));
        forms.put(key + " base64 URL-safe", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        forms.put(key + " Basic user:key", Base64.getEncoder().withoutPadding()
                .encodeToString(("aperture:" + key).getBytes(StandardCharsets.UTF_8)));
        forms.put(key + " 12-character prefix", key.substring(0, Math.min(12, key.length())) + "...");
        forms.put(key + " last 8 characters", key.substring(key.length() - 8));
        return forms;
    }

    private static String channel(AppFixture fixture, String url, String more) {
        RestClient.Reply reply = fixture.api.post("/api/notifications/channels", "{\"type\":\"webhook\",\"name\":\""
                + url.hashCode() + "\",\"settings\":{\"url\":\"" + url + "\"}" + more + "}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().get("id").asText();
    }

    private static RestClient session(AppFixture fixture) {
        RestClient anonymous = RestClient.anonymous(fixture.baseUrl());
        RestClient.Reply login = anonymous.post("/api/auth/login", "{\"username\":\"admin\",\"password\":\""
                + AppFixture.ADMIN_PASSWORD + "\"}");
        assertThat(login.status()).isEqualTo(200);
        return new RestClient(fixture.baseUrl(), Map.of("Cookie", login.headers().get("set-cookie").get(0).split(";")[0]));
    }
}
