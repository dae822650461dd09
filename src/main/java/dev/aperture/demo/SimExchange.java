package dev.aperture.demo;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One request to a simulator, with the few ways simulators answer. */
final class SimExchange {

    final HttpExchange http;
    final String path;
    final Map<String, String> query = new LinkedHashMap<>();
    final String body;

    SimExchange(HttpExchange http) throws IOException {
        this.http = http;
        this.path = http.getRequestURI().getRawPath();
        String raw = http.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.put(k, v);
            }
        }
        this.body = new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    String header(String name) {
        String v = http.getRequestHeaders().getFirst(name);
        return v == null ? "" : v;
    }

    String method() {
        return http.getRequestMethod();
    }

    void json(int status, String json, String... headers) throws IOException {
        send(status, "application/json; charset=utf-8", json, headers);
    }

    void html(int status, String html, String... headers) throws IOException {
        send(status, "text/html; charset=UTF-8", html, headers);
    }

    void send(int status, String contentType, String body, String... headers) throws IOException {
        http.getResponseHeaders().set("Content-Type", contentType);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            http.getResponseHeaders().set(headers[i], headers[i + 1]);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        http.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = http.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Cloudflare's 52x page, as OMDb, Trakt and OpenAI answer during an outage. */
    void cloudflareDown(String host) throws IOException {
        html(522, "<!DOCTYPE html><html><head><title>" + host + " | 522: Connection timed out</title></head><body>"
                + "<h1>Connection timed out</h1><p>Error code 522</p><p>Cloudflare Ray ID: 8e2f3a1b4c5d6e7f</p>"
                + "</body></html>", "Server", "cloudflare", "CF-RAY", "8e2f3a1b4c5d6e7f-AMS");
    }
}
