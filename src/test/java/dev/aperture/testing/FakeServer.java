package dev.aperture.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A provider stand-in on 127.0.0.1: answers scripted responses per path prefix (longest match
 * wins, "/" as fallback) and keeps every request it received, so tests assert what was sent.
 */
public final class FakeServer implements AutoCloseable {

    public record Recorded(String method, URI uri, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String query() {
            return uri.getRawQuery() == null ? "" : uri.getRawQuery();
        }

        public String path() {
            return uri.getRawPath();
        }
    }

    public record Response(int status, String body, Map<String, String> headers) {
        public static Response json(int status, String body, String... headerPairs) {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Content-Type", "application/json; charset=utf-8");
            for (int i = 0; i + 1 < headerPairs.length; i += 2) {
                h.put(headerPairs[i], headerPairs[i + 1]);
            }
            return new Response(status, body, h);
        }

        public static Response html(int status, String body, String... headerPairs) {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Content-Type", "text/html; charset=UTF-8");
            for (int i = 0; i + 1 < headerPairs.length; i += 2) {
                h.put(headerPairs[i], headerPairs[i + 1]);
            }
            return new Response(status, body, h);
        }

        public static Response of(int status, String contentType, String body) {
            Map<String, String> h = new LinkedHashMap<>();
            if (contentType != null) {
                h.put("Content-Type", contentType);
            }
            return new Response(status, body, h);
        }
    }

    private final HttpServer server;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Recorded, Response>> routes = new ConcurrentHashMap<>();

    public FakeServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Every request whose path starts with {@code pathPrefix} gets this response. */
    public FakeServer answer(String pathPrefix, Response response) {
        routes.put(pathPrefix, r -> response);
        return this;
    }

    public FakeServer answer(String pathPrefix, Function<Recorded, Response> responder) {
        routes.put(pathPrefix, responder);
        return this;
    }

    /** Fallback for every path. */
    public FakeServer answer(Response response) {
        return answer("/", response);
    }

    public List<Recorded> requests() {
        return new ArrayList<>(requests);
    }

    public Recorded lastRequest() {
        if (requests.isEmpty()) {
            throw new AssertionError("the fake server received no request");
        }
        return requests.get(requests.size() - 1);
    }

    public void reset() {
        requests.clear();
        routes.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Recorded recorded = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI(), headers, body);
            requests.add(recorded);
            String path = exchange.getRequestURI().getRawPath();
            Function<Recorded, Response> responder = routes.entrySet().stream()
                    .filter(e -> path.startsWith(e.getKey()))
                    .max(java.util.Comparator.comparingInt(e -> e.getKey().length()))
                    .map(Map.Entry::getValue)
                    .orElse(r -> Response.json(404, "{\"error\":\"no route in fake\"}"));
            Response response = responder.apply(recorded);
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] bytes = response.body() == null ? new byte[0] : response.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
