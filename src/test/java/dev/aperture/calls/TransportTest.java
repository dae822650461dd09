package dev.aperture.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.testing.PipelineFixture;
import dev.aperture.testing.PlainHttpPort;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * Requests that got no reply: the real JDK client against loopback where the network can be arranged
 * (a closed port, a plain-http port that answers a TLS ClientHello with "400 Bad Request" as nginx does), and the exceptions HttpClient wraps otherwise.
 */
class TransportTest {

    private final HttpWire wire = new HttpWire(Duration.ofSeconds(10), Duration.ofSeconds(10), 1 << 20);

    private Throwable sendFailing(String url) {
        Answer answer = wire.send(CallRequest.get(ServiceId.MEDIASERVER, URI.create(url)).build());
        assertThat(answer).isInstanceOf(Answer.TransportFailure.class);
        return ((Answer.TransportFailure) answer).cause();
    }

    @Test
    void a_closed_port_is_a_wrong_url_for_a_self_hosted_server_and_an_outage_for_a_public_service() {
        Throwable refused = sendFailing("http://127.0.0.1:" + PipelineFixture.closedPort() + "/System/Info");

        assertThat(Transport.kindOf(refused)).isEqualTo(Transport.Kind.CONNECTION_REFUSED);
        Outcome.Failure selfHosted = Transport.classify(ServiceId.MEDIASERVER, refused, true);
        assertThat(selfHosted.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(selfHosted.code()).isEqualTo("connection_refused");
        assertThat(selfHosted.message()).contains("Media Server");
        Outcome.Failure publicService = Transport.classify(ServiceId.TMDB, refused, false);
        assertThat(publicService.type()).isEqualTo(ErrorType.OUTAGE);
        assertThat(publicService.message()).isEqualTo("TMDb refused the connection.");
    }

    @Test
    void https_spoken_to_a_plain_http_port_is_a_scheme_mistake_for_any_service() {
        try (PlainHttpPort server = new PlainHttpPort()) {
            Throwable plaintext = sendFailing("https://127.0.0.1:" + server.port() + "/System/Info");

            assertThat(Transport.kindOf(plaintext)).isEqualTo(Transport.Kind.TLS_PLAINTEXT);
            Outcome.Failure f = Transport.classify(ServiceId.TMDB, plaintext, false);
            assertThat(f.type()).isEqualTo(ErrorType.CONFIGURATION);
            assertThat(f.code()).isEqualTo("tls_plaintext");
            assertThat(f.action()).contains("http://");
        }
    }

    @Test
    void a_url_without_a_scheme_is_a_setting_to_fix_never_an_outage() {
        Answer answer = wire.send(CallRequest.get(ServiceId.JELLYSEERR, URI.create("jellyseerr.lan:5055/api/v1/status"))
                .build());

        Outcome.Failure f = Transport.classify(ServiceId.JELLYSEERR, ((Answer.TransportFailure) answer).cause(), true);
        assertThat(f.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(f.code()).isEqualTo("invalid_url");
    }

    @Test
    void the_reason_httpclient_wraps_is_found_under_its_connect_exception() {
        // HttpClient reports an unknown host as a ConnectException without a message, caused by
        // UnresolvedAddressException.
        ConnectException unknownHost = new ConnectException();
        unknownHost.initCause(new UnresolvedAddressException());

        assertThat(Transport.kindOf(unknownHost)).isEqualTo(Transport.Kind.UNKNOWN_HOST);
        assertThat(Transport.kindOf(new HttpConnectTimeoutException("HTTP connect timed out")))
                .isEqualTo(Transport.Kind.CONNECT_TIMEOUT);
        assertThat(Transport.kindOf(new HttpTimeoutException("request timed out"))).isEqualTo(Transport.Kind.TIMEOUT);
        assertThat(Transport.kindOf(new SSLHandshakeException("PKIX path building failed")))
                .isEqualTo(Transport.Kind.TLS_HANDSHAKE);
        assertThat(Transport.kindOf(new SSLException("Unsupported or unrecognized SSL message")))
                .isEqualTo(Transport.Kind.TLS_PLAINTEXT);
        assertThat(Transport.kindOf(new IOException("Connection reset"))).isEqualTo(Transport.Kind.CONNECTION_RESET);
        assertThat(Transport.kindOf(new IOException("something else"))).isEqualTo(Transport.Kind.IO);
        assertThat(Transport.kindOf(new IllegalStateException("not I/O at all"))).isEqualTo(Transport.Kind.IO);
    }

    @Test
    void an_unknown_host_of_a_public_service_is_an_outage_and_of_a_self_hosted_one_a_wrong_url() {
        ConnectException unknownHost = new ConnectException();
        unknownHost.initCause(new UnresolvedAddressException());

        assertThat(Transport.classify(ServiceId.OMDB, unknownHost, false).type()).isEqualTo(ErrorType.OUTAGE);
        Outcome.Failure lan = Transport.classify(ServiceId.JELLYSEERR, unknownHost, true);
        assertThat(lan.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(lan.code()).isEqualTo("unknown_host");
    }
}
