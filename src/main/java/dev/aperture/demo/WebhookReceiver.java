package dev.aperture.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A webhook endpoint on 127.0.0.1 that shows what Aperture's notifications would send. */
final class WebhookReceiver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);

    final List<String> received = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/", http -> {
            try (http) {
                String body = new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(body);
                String title = dev.aperture.calls.JsonBody.parse(body)
                        .flatMap(n -> dev.aperture.calls.JsonBody.text(n, "title")).orElse("(no title)");
                LOG.info("demo webhook received: {}", title);
                http.sendResponseHeaders(204, -1);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/aperture-webhook";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
