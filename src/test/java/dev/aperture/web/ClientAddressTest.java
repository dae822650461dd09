package dev.aperture.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the server believes about the client, on a real server on loopback (the test's connections come
 * from 127.0.0.1): the page below answers what {@link ClientAddress} resolved for the request.
 */
class ClientAddressTest {

    private static final PageGroup ECHO = routes -> routes.get("/echo",
            ctx -> ctx.result(ClientAddress.of(ctx) + " " + ctx.scheme() + " " + ctx.host()));

    private static String echo(String trusted, String... headers) {
        // No accounts: /echo is outside /api, where the access rule applies.
        WebServer server = new WebServer(Json.newMapper(), null, List.of(), List.of(ECHO), ErrorPage.NONE, TrustedProxies.parse(trusted))
                .start("127.0.0.1", 0);
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/echo"));
            for (int i = 0; i + 1 < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            HttpResponse<String> r = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body().replace(":" + server.port(), ":PORT");
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            server.stop();
        }
    }

    @Test
    void forwarded_headers_from_a_peer_that_is_not_a_trusted_proxy_are_ignored() {
        assertThat(echo("", "X-Forwarded-For", "203.0.113.5", "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "aperture.example.org")).isEqualTo("127.0.0.1 http 127.0.0.1:PORT");
        // A proxy list that does not include the peer is the same as none.
        assertThat(echo("10.0.0.0/8, fd00::/8", "X-Forwarded-For", "203.0.113.5", "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "aperture.example.org")).isEqualTo("127.0.0.1 http 127.0.0.1:PORT");
    }

    @Test
    void from_a_trusted_proxy_the_right_most_untrusted_forwarded_address_is_the_client() {
        // The client wrote 198.51.100.1 itself; our proxies at 10.1.2.3 and 127.0.0.1 saw 203.0.113.5.
        assertThat(echo("10.0.0.0/8, 127.0.0.1", "X-Forwarded-For", "198.51.100.1, 203.0.113.5, 10.1.2.3",
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "aperture.example.org"))
                .isEqualTo("203.0.113.5 https aperture.example.org");
    }

    @Test
    void ipv6_hops_and_blocks_are_understood_with_or_without_brackets_and_ports() {
        assertThat(echo("127.0.0.0/8, fd00::/8", "X-Forwarded-For", "2001:db8::7, [fd12::1]:4431"))
                .startsWith("2001:db8:0:0:0:0:0:7 ");
        assertThat(echo("127.0.0.1/32", "X-Forwarded-For", "[2001:db8::8]:50000")).startsWith("2001:db8:0:0:0:0:0:8 ");
        assertThat(echo("127.0.0.1", "X-Forwarded-For", "203.0.113.9:61000")).startsWith("203.0.113.9 ");
    }

    @Test
    void a_hop_that_is_not_an_address_ends_the_walk_at_the_last_trusted_one() {
        assertThat(echo("127.0.0.1", "X-Forwarded-For", "203.0.113.5, evil.example")).startsWith("127.0.0.1 ");
        assertThat(echo("127.0.0.1", "X-Forwarded-For", "203.0.113.5, 10.9.9.9, unknown")).startsWith("127.0.0.1 ");
    }

    @Test
    void only_http_or_https_and_a_plain_host_name_are_taken_from_a_trusted_proxy() {
        assertThat(echo("127.0.0.1", "X-Forwarded-Proto", "javascript", "X-Forwarded-Host", "a b<script>"))
                .isEqualTo("127.0.0.1 http 127.0.0.1:PORT");
        assertThat(echo("127.0.0.1", "X-Forwarded-Proto", "http, https", "X-Forwarded-Host", "aperture.lan:8443"))
                .isEqualTo("127.0.0.1 https aperture.lan:8443");
    }

    @Test
    void the_proxy_list_accepts_addresses_and_cidr_blocks_and_names_the_variable_otherwise() {
        assertThat(TrustedProxies.parse(" 10.0.0.0/8 ,192.168.1.2,fd00::/8, ::1 ,").isEmpty()).isFalse();
        assertThat(TrustedProxies.parse("").isEmpty()).isTrue();
        for (String bad : List.of("10.0.0.0/33", "fd00::/129", "proxy.lan", "10.0.0.256", "10.0.0.0/x", "::g")) {
            assertThatThrownBy(() -> TrustedProxies.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("APERTURE_TRUSTED_PROXIES")
                    .hasMessageContaining(bad);
        }
    }
}
