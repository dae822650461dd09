package dev.aperture.notify;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.ServiceId;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A unique secret in each of the five provider channels' tokens, receivers that quote the whole request
 * (path, headers and body) back when they refuse it, then a search for it in every API answer, page,
 * log line, table and database file.
 */
class ProviderCanaryTest {

    private static final String CANARY = "CANARY-7f3a-PROVIDERS";

    @Test
    void a_provider_token_appears_in_no_answer_page_log_or_stored_row() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        List<String> answers = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try (FakeServer receiver = new FakeServer(); NotifyFixture n = new NotifyFixture(TestDatabases.SQLITE)) {
            AtomicInteger calls = new AtomicInteger();
            receiver.answer("/", r -> calls.incrementAndGet() <= 5
                    ? Response.of(401, "text/plain", "bad credentials " + r.uri() + " " + r.headers() + " " + r.body())
                    : Response.json(200, "{\"ok\":true,\"status\":1,\"result\":{\"message_id\":1}}"));
            String base = receiver.baseUrl();
            ids.add(n.channel("{\"type\":\"telegram\",\"settings\":{\"url\":\"" + base + "\",\"token\":\"123456:"
                    + CANARY + "-telegram\",\"chatId\":\"-100123\"}}"));
            ids.add(n.channel("{\"type\":\"pushover\",\"settings\":{\"url\":\"" + base + "\",\"token\":\"" + CANARY
                    + "-pushover-app\",\"user\":\"" + CANARY + "-pushover-user\"}}"));
            ids.add(n.channel("{\"type\":\"matrix\",\"settings\":{\"url\":\"" + base + "\",\"token\":\"" + CANARY
                    + "-matrix\",\"roomId\":\"!room:example.org\"}}"));
            ids.add(n.channel("{\"type\":\"home_assistant\",\"settings\":{\"url\":\"" + base + "\",\"token\":\""
                    + CANARY + "-ha\",\"service\":\"mobile_app_phone\"}}"));
            ids.add(n.channel("{\"type\":\"apprise\",\"settings\":{\"url\":\"" + base + "\",\"urls\":\"pover://user@"
                    + CANARY + "-apprise mailto://me:" + CANARY + "-mail@example.com\"}}"));

            n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");
            n.flush();
            n.advance(java.time.Duration.ofMinutes(1));
            n.tick();
            for (String id : ids) {
                answers.add(n.api().post("/api/notifications/channels/" + id + "/test", "").body());
                answers.add(n.api().get("/api/notifications/channels/" + id).body());
                answers.add(n.api().get("/api/notifications/channels/" + id + "/deliveries").body());
                answers.add(n.page("/notifications/" + id).body());
            }
            answers.add(n.api().get("/api/notifications/channels").body());
            answers.add(n.page("/notifications").body());

            assertThat(receiver.requests().stream().anyMatch(r -> (r.uri() + r.headers().toString() + r.body())
                    .contains(CANARY))).as("the tokens really went out on the wire").isTrue();
            assertThat(answers).anySatisfy(a -> assertThat(a).contains("refused"));
            assertThat(answers).allSatisfy(a -> assertThat(a).doesNotContain(CANARY));

            List<String> tables = n.app.app.database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT name FROM sqlite_master WHERE type = 'table'").mapTo(String.class).list());
            assertThat(tables).contains("notification_channels", "notification_deliveries", "notification_held");
            for (String table : tables) {
                List<Map<String, Object>> rows = n.app.app.database.jdbi().withHandle(h ->
                        h.createQuery("SELECT * FROM " + table).mapToMap().list());
                assertThat(rows.toString()).as("table " + table).doesNotContain(CANARY);
            }
            try (Stream<Path> files = Files.list(n.app.db.dataDir())) {
                for (Path file : files.toList()) {
                    assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                            .doesNotContain(CANARY);
                }
            }
        } finally {
            root.detachAppender(logs);
        }
        assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("not delivered"));
        for (ILoggingEvent event : logs.list) {
            String line = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            assertThat(line).doesNotContain(CANARY);
        }
    }
}
