package dev.aperture.logs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A provider that puts a newline (and other line breakers) in its error text cannot start a log line
 * of its own, in either log format the shipped configuration offers; stack traces keep their lines.
 */
class LogForgingTest {

    /** What an attacker-controlled OMDb would answer: its documented error shape, a forged line in Error. */
    private static final String FORGED = "Invalid API key!\n2026-03-14T15:09:26.000Z ERROR [main] Accounts - admin "
            + "password reset\r\u0085\u2028\u2029\u001b[31m";

    @Test
    void a_forged_newline_from_a_provider_stays_inside_its_log_line_in_text_and_json() throws Exception {
        // At the source, the provider's text is one quoted field of the call line: it cannot fake the fields after it.
        assertThat(omdbFailureLogged().getFormattedMessage()).doesNotContain("\n", "\r", "\u2028")
                .contains("code=\"Invalid API key!\\u000a2026-03-14T15:09:26.000Z ERROR [main] Accounts - admin "
                        + "password reset\\u000d\\u0085\\u2028\\u2029\\u001b[31m\" status=401");
        // Any other line that carries such text raw is still made safe by both log formats.
        ILoggingEvent event = loggedRaw("provider said " + FORGED);
        assertThat(event.getFormattedMessage()).contains("\n2026-03-14T15:09:26.000Z ERROR");

        String text = encode("text", event);
        assertThat(text).endsWith("\n");
        assertThat(text.substring(0, text.length() - 1)).doesNotContain("\n", "\r", "\u0085", "\u2028", "\u2029",
                "\u001b");
        assertThat(text).contains("Invalid API key!\\n2026-03-14T15:09:26.000Z ERROR [main] Accounts - admin "
                + "password reset\\r\\u0085\\u2028\\u2029\\u001b[31m");

        String json = encode("json", event);
        assertThat(json.strip()).doesNotContain("\n", "\r", "\u0085", "\u2028", "\u2029", "\u001b");
        JsonNode parsed = new ObjectMapper().readTree(json);
        // Decoded, the message still holds no line break: a log viewer or jq -r shows the escapes, not a new line.
        assertThat(parsed.get("formattedMessage").asText())
                .doesNotContain("\n", "\r", "\u0085", "\u2028", "\u2029", "\u001b")
                .contains("Invalid API key!\\n2026-03-14T15:09:26.000Z ERROR [main] Accounts - admin "
                        + "password reset\\r\\u0085\\u2028\\u2029\\u001b[31m");
    }

    @Test
    void a_stack_trace_keeps_its_lines_but_an_exception_message_cannot_add_one() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> captured = capture(context);
        try {
            context.getLogger("dev.aperture.logs.test").error("request failed",
                    new IllegalStateException("bad answer\nFORGED ERROR line", new RuntimeException("cause\r\nX")));
        } finally {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(captured);
        }
        String text = encode("text", captured.list.get(0));
        List<String> lines = text.lines().toList();
        assertThat(lines.size()).isGreaterThan(3);
        assertThat(lines.get(0)).endsWith("- request failed");
        assertThat(lines.get(1)).isEqualTo("java.lang.IllegalStateException: bad answer\\nFORGED ERROR line");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("\tat dev.aperture.logs.LogForgingTest"));
        assertThat(lines).anySatisfy(l -> assertThat(l).isEqualTo("Caused by: java.lang.RuntimeException: cause\\r\\nX"));
        assertThat(lines).noneMatch(l -> l.startsWith("FORGED") || l.equals("X"));
    }

    private static ILoggingEvent loggedRaw(String message) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> captured = capture(context);
        try {
            context.getLogger("dev.aperture.logs.test").warn("{}", message);
        } finally {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(captured);
        }
        return captured.list.get(0);
    }

    private static ILoggingEvent omdbFailureLogged() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> captured = capture(context);
        try (FakeServer omdb = new FakeServer(); AppFixture app = new AppFixture(TestDatabases.SQLITE)) {
            // OMDb refuses with HTTP 401 and {"Response":"False","Error":"Invalid API key!"} (its own error shape).
            omdb.answer("/", r -> Response.json(401, "{\"Response\":\"False\",\"Error\":\""
                    + FORGED.replace("\n", "\\n").replace("\r", "\\r").replace("\u0085", "\\u0085")
                    .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\u001b", "\\u001b") + "\"}"));
            assertThat(app.api.put("/api/integrations/omdb", "{\"apiKey\":\"omdbkey1\",\"baseUrl\":\""
                    + omdb.baseUrl() + "\"}").status()).isEqualTo(200);
            app.api.post("/api/integrations/omdb/test", "");
        } finally {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(captured);
        }
        return captured.list.stream().filter(e -> e.getFormattedMessage().startsWith("call failed service=omdb"))
                .findFirst().orElseThrow(() -> new AssertionError("no call-failed line for OMDb"));
    }

    private static ListAppender<ILoggingEvent> capture(LoggerContext context) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(context);
        appender.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
        return appender;
    }

    /** The event as the shipped logback.xml writes it with APERTURE_LOG_FORMAT set to {@code format}. */
    @SuppressWarnings("unchecked")
    private static String encode(String format, ILoggingEvent event) throws Exception {
        LoggerContext context = new LoggerContext();
        try {
            context.putProperty("aperture.logFormat", format);
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogForgingTest.class.getResource("/logback.xml"));
            Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            Encoder<ILoggingEvent> encoder = ((OutputStreamAppender<ILoggingEvent>) root.getAppender(format)).getEncoder();
            return new String(encoder.encode(event), StandardCharsets.UTF_8);
        } finally {
            context.stop();
        }
    }
}
