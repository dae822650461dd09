package dev.aperture.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.ServiceId;
import dev.aperture.testing.TestDatabases;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Email against a real SMTP server in the test JVM (GreenMail), login required. */
class EmailChannelTest {

    private static final String PASSWORD = "smtp-password-0451";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("aperture@example.net", "aperture", PASSWORD));

    private final NotifyFixture n = new NotifyFixture(TestDatabases.SQLITE);

    @AfterEach
    void close() {
        n.close();
    }

    private String emailChannel(String password) {
        return n.channel("{\"type\":\"email\",\"name\":\"admins\",\"settings\":{\"host\":\"127.0.0.1\",\"port\":"
                + SMTP.getSmtp().getPort() + ",\"security\":\"none\",\"username\":\"aperture\",\"password\":\""
                + password + "\",\"from\":\"Aperture <aperture@example.net>\",\"to\":\"ops@example.net, "
                + "me@example.net\"}}");
    }

    @Test
    void an_opened_alert_is_one_plain_text_mail_to_every_recipient_and_its_recovery_another() throws Exception {
        emailChannel(PASSWORD);
        String id = n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");
        n.flush();

        MimeMessage[] mails = SMTP.getReceivedMessages();
        assertThat(mails).hasSize(2);
        MimeMessage mail = mails[0];
        assertThat(mail.getSubject()).isEqualTo("[Aperture] TMDb Authentication Error");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("Aperture <aperture@example.net>");
        assertThat(mail.getRecipients(RecipientType.TO)).extracting(Object::toString)
                .containsExactly("ops@example.net", "me@example.net");
        assertThat(mail.getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");
        assertThat(GreenMailUtil.getBody(mail).replace("\r\n", "\n")).isEqualTo("""
                TMDb Authentication Error (error)
                Invalid API key
                Action: Check the key and save it.
                Occurrences: 1, first seen 2026-03-14T15:09:26Z
                https://aperture.example.net/alerts/ID

                --\s
                Sent by Aperture. Alerts: https://aperture.example.net/alerts""".replace("ID", id));

        n.resolve(ServiceId.TMDB);
        n.flush();
        mails = SMTP.getReceivedMessages();
        assertThat(mails).hasSize(4);
        MimeMessage recovery = java.util.Arrays.stream(mails).filter(m -> subject(m).contains("Resolved")).findFirst()
                .orElseThrow();
        assertThat(java.util.Arrays.stream(mails).map(EmailChannelTest::subject)).containsExactlyInAnyOrder(
                "[Aperture] TMDb Authentication Error", "[Aperture] TMDb Authentication Error",
                "[Aperture] Resolved: TMDb Authentication Error", "[Aperture] Resolved: TMDb Authentication Error");
        assertThat(GreenMailUtil.getBody(recovery)).contains("Resolved: TMDb Authentication Error (error)")
                .contains("resolved 2026-03-14T15:09:57Z").doesNotContain("Action:");
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void a_refused_login_is_a_clear_answer_of_the_test_button_and_the_password_never_shows() {
        String id = emailChannel("wrong-password-9876");
        JsonNode answer = n.api().post("/api/notifications/channels/" + id + "/test", "").json();

        assertThat(answer.get("ok").asBoolean()).isFalse();
        assertThat(answer.get("status").asInt()).isEqualTo(535);
        assertThat(answer.get("message").asText())
                .startsWith("127.0.0.1:" + SMTP.getSmtp().getPort() + " refused the login of user 'aperture': 535")
                .doesNotContain("wrong-password-9876").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void the_test_button_sends_a_sample_mail_marked_as_a_test() throws Exception {
        String id = emailChannel(PASSWORD);
        JsonNode answer = n.api().post("/api/notifications/channels/" + id + "/test", "").json();

        assertThat(answer.get("ok").asBoolean()).as(answer.toString()).isTrue();
        assertThat(answer.get("status").asInt()).isEqualTo(250);
        assertThat(SMTP.getReceivedMessages()).hasSize(2);
        assertThat(SMTP.getReceivedMessages()[0].getSubject()).isEqualTo("[Aperture] Test: TMDb Authentication Error");
        assertThat(GreenMailUtil.getBody(SMTP.getReceivedMessages()[0]))
                .startsWith("This is a test message from Aperture: the channel works.");
        assertThat(n.deliveries(id)).as("a test is not a delivery").isEmpty();
    }

    @Test
    void a_refused_connection_and_an_unknown_host_are_named_at_test() throws Exception {
        int closedPort = dev.aperture.testing.PipelineFixture.closedPort();
        String refused = n.channel("{\"type\":\"email\",\"settings\":{\"host\":\"127.0.0.1\",\"port\":\"" + closedPort
                + "\",\"security\":\"none\",\"from\":\"a@example.net\",\"to\":\"b@example.net\"}}");
        JsonNode answer = n.api().post("/api/notifications/channels/" + refused + "/test", "").json();
        assertThat(answer.get("ok").asBoolean()).isFalse();
        assertThat(answer.get("status").isNull()).isTrue();
        assertThat(answer.get("message").asText()).isEqualTo("connection refused by 127.0.0.1:" + closedPort
                + ": no SMTP server there, or the port is wrong");

        String unknown = n.channel("{\"type\":\"email\",\"settings\":{\"host\":\"smtp.does-not-exist.invalid\","
                + "\"from\":\"a@example.net\",\"to\":\"b@example.net\"}}");
        answer = n.api().post("/api/notifications/channels/" + unknown + "/test", "").json();
        assertThat(answer.get("ok").asBoolean()).isFalse();
        assertThat(answer.get("message").asText())
                .isEqualTo("unknown host in 'smtp.does-not-exist.invalid:587': check the SMTP host name");
    }

    @Test
    void a_security_setting_that_does_not_match_the_server_is_named_at_test() {
        String tls = n.channel("{\"type\":\"email\",\"settings\":{\"host\":\"127.0.0.1\",\"port\":\""
                + SMTP.getSmtp().getPort() + "\",\"security\":\"tls\",\"from\":\"a@example.net\",\"to\":\"b@example.net\"}}");
        JsonNode answer = n.api().post("/api/notifications/channels/" + tls + "/test", "").json();
        assertThat(answer.get("ok").asBoolean()).isFalse();
        assertThat(answer.get("message").asText()).isEqualTo("127.0.0.1:" + SMTP.getSmtp().getPort()
                + " does not speak TLS on connect: choose security 'starttls' (port 587) instead of 'tls'");

        String starttls = n.channel("{\"type\":\"email\",\"settings\":{\"host\":\"127.0.0.1\",\"port\":\""
                + SMTP.getSmtp().getPort() + "\",\"from\":\"a@example.net\",\"to\":\"b@example.net\"}}");
        answer = n.api().post("/api/notifications/channels/" + starttls + "/test", "").json();
        assertThat(answer.get("ok").asBoolean()).isFalse();
        assertThat(answer.get("message").asText()).isEqualTo("127.0.0.1:" + SMTP.getSmtp().getPort()
                + " does not offer STARTTLS: choose security 'tls' or 'none' to match the server");
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }
}
