package dev.aperture.notify;

import dev.aperture.calls.Transport;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SMTP email through angus-mail: STARTTLS (required, not opportunistic, when chosen), implicit TLS
 * or plain, login when a user is set, and timeouts on connect, read and write so a silent server
 * cannot hold the worker. Plain text: it reads the same in every client and in a phone preview.
 */
final class EmailChannel implements Channel {

    private static final Pattern REPLY_CODE = Pattern.compile("^\\s*([2-5]\\d\\d)\\b");

    private final Duration connectTimeout;
    private final Duration readTimeout;

    EmailChannel(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    @Override
    public ChannelType type() {
        return ChannelType.EMAIL;
    }

    @Override
    public List<Setting> settings() {
        return List.of(Setting.required("host", Setting.Kind.TEXT),
                Setting.optional("port", Setting.Kind.PORT, ""),
                Setting.choice("security", "starttls", "starttls", "tls", "none"),
                Setting.optional("username", Setting.Kind.TEXT, ""),
                Setting.optional("password", Setting.Kind.SECRET, ""),
                Setting.required("from", Setting.Kind.EMAIL),
                Setting.required("to", Setting.Kind.EMAILS));
    }

    @Override
    public Delivery send(ChannelSettings settings, Message message) {
        String host = settings.value("host");
        String security = settings.optional("security").orElse("starttls");
        int port = settings.optional("port").map(Integer::parseInt)
                .orElse(security.equals("tls") ? 465 : security.equals("starttls") ? 587 : 25);
        String user = settings.value("username");
        Properties props = new Properties();
        props.put("mail.smtp.host", host);
        props.put("mail.smtp.port", String.valueOf(port));
        props.put("mail.smtp.connectiontimeout", String.valueOf(connectTimeout.toMillis()));
        props.put("mail.smtp.timeout", String.valueOf(readTimeout.toMillis()));
        props.put("mail.smtp.writetimeout", String.valueOf(readTimeout.toMillis()));
        props.put("mail.smtp.auth", String.valueOf(!user.isEmpty()));
        props.put("mail.smtp.ssl.checkserveridentity", "true");
        if (security.equals("starttls")) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        } else if (security.equals("tls")) {
            props.put("mail.smtp.ssl.enable", "true");
        }
        Session session = Session.getInstance(props);
        String where = host + ":" + port;
        try {
            MimeMessage mail = new MimeMessage(session);
            mail.setFrom(new InternetAddress(settings.value("from"), true));
            mail.setRecipients(jakarta.mail.Message.RecipientType.TO, InternetAddress.parse(settings.value("to"), true));
            mail.setSubject("[Aperture] " + message.headline(), "UTF-8");
            mail.setText(message.plainText() + "\n\n-- \nSent by Aperture. Alerts: " + message.publicUrl()
                    + "/alerts\n", "UTF-8");
            mail.setSentDate(Date.from(message.createdAt()));
            mail.setHeader("Auto-Submitted", "auto-generated");
            mail.setHeader("X-Aperture-Event", message.event().wire());
            try (jakarta.mail.Transport transport = session.getTransport("smtp")) {
                transport.connect(host, port, user.isEmpty() ? null : user,
                        user.isEmpty() ? null : settings.secret("password").reveal());
                transport.sendMessage(mail, mail.getAllRecipients());
            }
            return new Delivery.Accepted(250, where + " accepted the message for " + mail.getAllRecipients().length
                    + " recipient(s)");
        } catch (AuthenticationFailedException e) {
            return new Delivery.Rejected(code(e), where + " refused the login of user '" + user + "': "
                    + firstLine(e.getMessage()));
        } catch (SendFailedException e) {
            return new Delivery.Rejected(code(e), where + " refused the message or its recipients: "
                    + firstLine(e.getMessage()));
        } catch (MessagingException e) {
            return new Delivery.Rejected(code(e), words(where, security, e));
        }
    }

    private static String words(String where, String security, MessagingException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e.getNextException();
        if (cause instanceof java.io.IOException) {
            return switch (Transport.kindOf(cause)) {
                case UNKNOWN_HOST -> "unknown host in '" + where + "': check the SMTP host name";
                case CONNECTION_REFUSED -> "connection refused by " + where + ": no SMTP server there, or the port "
                        + "is wrong";
                case CONNECT_TIMEOUT, TIMEOUT -> "no answer from " + where + " in time: check host, port and firewall";
                case TLS_HANDSHAKE -> "TLS with " + where + " failed: the certificate is not trusted or does not match "
                        + "the host";
                case TLS_PLAINTEXT -> where + " does not speak TLS on connect: choose security 'starttls' (port 587) "
                        + "instead of 'tls'";
                case CONNECTION_RESET, IO -> where + " closed the connection ("
                        + (security.equals("none") ? "does it require TLS?" : "is the security setting right?") + ")";
            };
        }
        String text = firstLine(e.getMessage());
        if (text.contains("STARTTLS")) {
            return where + " does not offer STARTTLS: choose security 'tls' or 'none' to match the server";
        }
        return "SMTP error from " + where + ": " + text;
    }

    private static Integer code(MessagingException e) {
        if (e instanceof org.eclipse.angus.mail.smtp.SMTPSendFailedException s) {
            return s.getReturnCode();
        }
        Matcher m = REPLY_CODE.matcher(e.getMessage() == null ? "" : e.getMessage());
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    private static String firstLine(String s) {
        String text = s == null ? "" : s.strip();
        int nl = text.indexOf('\n');
        return HttpPost.excerpt(nl < 0 ? text : text.substring(0, nl));
    }
}
