package dev.aperture.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A unique secret on every service, failures that echo it back, then a search for it everywhere
 * Aperture writes: every table, the database files, the log, and every API answer.
 */
class SecretCanaryTest {

    private static final String CANARY = "CANARY-7f3a9c2e-SECRET";

    @Test
    void a_secret_echoed_by_failing_services_appears_nowhere() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        try (FakeServer fake = new FakeServer(); AppFixture fixture = new AppFixture(TestDatabases.SQLITE)) {
            // Every path answers a failure that quotes the secret back, as OpenAI and proxies do.
            String echo = "{\"error\":{\"message\":\"Incorrect API key provided: " + CANARY + "\",\"type\":"
                    + "\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"},\"status_code\":7,"
                    + "\"status_message\":\"bad key " + CANARY + "\",\"Response\":\"False\",\"Error\":\"Invalid API key!\","
                    + "\"echo\":\"api_key=" + CANARY + "\",\"access_token\":\"" + CANARY + "\"}";
            fake.answer("/", r -> Response.json(401, echo, "WWW-Authenticate", "Bearer error=\"invalid_token\""));
            for (String service : List.of("mediaserver", "tmdb", "omdb", "mdblist", "jellyseerr", "openai")) {
                assertThat(fixture.api.put("/api/integrations/" + service, "{\"apiKey\":\"" + CANARY + "\",\"baseUrl\":\""
                        + fake.baseUrl() + "\"}").status()).isEqualTo(200);
            }
            assertThat(fixture.api.put("/api/integrations/trakt", "{\"clientId\":\"client-id-1\",\"clientSecret\":\""
                    + CANARY + "\",\"baseUrl\":\"" + fake.baseUrl() + "\"}").status()).isEqualTo(200);

            List<String> answers = new ArrayList<>();
            for (String service : List.of("mediaserver", "tmdb", "omdb", "trakt", "mdblist", "jellyseerr", "openai")) {
                answers.add(fixture.api.post("/api/integrations/" + service + "/test", "").body());
                answers.add(fixture.api.post("/api/integrations/" + service + "/test",
                        "{\"apiKey\":\"" + CANARY + "-unsaved\"}").body());
            }
            fake.answer("/", r -> Response.json(200, "{\"success\":true,\"Response\":\"True\",\"data\":[],\"Items\":[]}"));
            for (String service : List.of("mediaserver", "tmdb", "omdb", "trakt", "mdblist", "jellyseerr", "openai")) {
                answers.add(fixture.api.post("/api/integrations/" + service + "/test", "").body());
            }
            assertThat(fake.requests().stream().anyMatch(r -> r.uri().toString().contains(CANARY)
                    || r.headers().values().stream().anyMatch(v -> v.contains(CANARY))))
                    .as("the secret really went out on the wire").isTrue();

            for (String path : List.of("/api/integrations", "/api/alerts", "/api/alerts/history", "/api/errors?limit=500",
                    "/api/alerts/summary")) {
                answers.add(fixture.api.get(path).body());
            }
            assertThat(fixture.api.get("/api/errors?limit=500").json().get("errors")).hasSizeGreaterThanOrEqualTo(7);
            assertThat(answers).allSatisfy(a -> assertThat(a).doesNotContain(CANARY));

            List<String> tables = fixture.app.database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT name FROM sqlite_master WHERE type = 'table'").mapTo(String.class).list());
            assertThat(tables).contains("alerts", "error_records", "integrations");
            for (String table : tables) {
                List<Map<String, Object>> rows = fixture.app.database.jdbi().withHandle(h ->
                        h.createQuery("SELECT * FROM " + table).mapToMap().list());
                assertThat(rows.toString()).as("table " + table).doesNotContain(CANARY);
            }
            try (Stream<Path> files = Files.list(fixture.db.dataDir())) {
                for (Path file : files.toList()) {
                    String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    assertThat(bytes).as(file.toString()).doesNotContain(CANARY);
                }
            }
        } finally {
            root.detachAppender(logs);
        }
        assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("call failed service=openai"));
        for (ILoggingEvent event : logs.list) {
            String line = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            assertThat(line).doesNotContain(CANARY);
        }
    }
}
