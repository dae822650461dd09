package dev.aperture.notify;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.ServiceId;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.TestDatabases;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A unique secret in every channel's settings, receivers that quote it back when they fail, then
 * a search for it in every payload, API answer, log line, table and database file.
 */
class NotificationCanaryTest {

    private static final String CANARY = "CANARY-5e1d-NOTIFY";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("a@example.net", "aperture", CANARY + "-smtp"));

    @Test
    void a_channel_secret_appears_in_no_payload_answer_log_or_stored_row() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        List<String> answers = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try (FakeServer receiver = new FakeServer(); NotifyFixture n = new NotifyFixture(TestDatabases.SQLITE)) {
            AtomicInteger calls = new AtomicInteger();
            // Each receiver first fails quoting what it was sent (URL and headers), then accepts.
            receiver.answer("/", r -> calls.incrementAndGet() <= 6
                    ? Response.json(401, "{\"error\":\"bad credentials " + r.uri() + " " + r.headers() + "\"}")
                    : Response.json(200, "{}"));
            String base = receiver.baseUrl();
            ids.add(n.channel("{\"type\":\"webhook\",\"settings\":{\"url\":\"" + base + "/hook\"},"
                    + "\"headers\":{\"Authorization\":\"Bearer " + CANARY + "-webhook\"}}"));
            ids.add(n.channel("{\"type\":\"discord\",\"settings\":{\"url\":\"" + base + "/api/webhooks/1/" + CANARY
                    + "-discord\"}}"));
            ids.add(n.channel("{\"type\":\"slack\",\"settings\":{\"url\":\"" + base + "/services/T/B/" + CANARY
                    + "-slack\"}}"));
            ids.add(n.channel("{\"type\":\"ntfy\",\"settings\":{\"url\":\"" + base + "/topic\",\"token\":\"" + CANARY
                    + "-ntfy\"}}"));
            ids.add(n.channel("{\"type\":\"gotify\",\"settings\":{\"url\":\"" + base + "\",\"token\":\"" + CANARY
                    + "-gotify\"}}"));
            ids.add(n.channel("{\"type\":\"email\",\"settings\":{\"host\":\"127.0.0.1\",\"port\":\""
                    + SMTP.getSmtp().getPort() + "\",\"security\":\"none\",\"username\":\"aperture\",\"password\":\""
                    + CANARY + "-smtp\",\"from\":\"a@example.net\",\"to\":\"ops@example.net\"}}"));

            n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");
            n.flush();
            n.advance(java.time.Duration.ofMinutes(1));
            n.tick();
            n.resolve(ServiceId.TMDB);
            n.flush();
            for (String id : ids) {
                answers.add(n.api().post("/api/notifications/channels/" + id + "/test", "").body());
                answers.add(n.api().get("/api/notifications/channels/" + id).body());
                answers.add(n.api().get("/api/notifications/channels/" + id + "/deliveries").body());
            }
            answers.add(n.api().get("/api/notifications/channels").body());

            assertThat(receiver.requests().stream().anyMatch(r -> r.uri().toString().contains(CANARY)))
                    .as("the secret URLs really went out on the wire").isTrue();
            assertThat(receiver.requests().stream().anyMatch(r -> r.headers().toString().contains(CANARY)))
                    .as("the secret headers really went out on the wire").isTrue();
            assertThat(answers).anySatisfy(a -> assertThat(a).contains("bad credentials"));
            assertThat(receiver.requests()).allSatisfy(r -> assertThat(r.body()).doesNotContain(CANARY));
            MimeMessage[] mails = SMTP.getReceivedMessages();
            assertThat(mails).hasSizeGreaterThanOrEqualTo(3);
            for (MimeMessage m : mails) {
                assertThat(GreenMailUtil.getWholeMessage(m)).doesNotContain(CANARY);
            }
            assertThat(answers).allSatisfy(a -> assertThat(a).doesNotContain(CANARY));

            List<String> tables = n.app.app.database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT name FROM sqlite_master WHERE type = 'table'").mapTo(String.class).list());
            assertThat(tables).contains("notification_channels", "notification_deliveries", "notification_events");
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
