package dev.aperture.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aperture.calls.Transport;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POSTs a JSON body for the webhook flavours: a timeout on connecting and on the whole exchange,
 * redirects not followed (the JDK client would carry the token headers to wherever a redirect
 * points), and only the first 2 KB of an answer read. Answers in words, naming the host only:
 * Discord and Slack URLs carry their token in the path.
 */
final class HttpPost {

    private static final int EXCERPT = 300;

    private final HttpClient client;
    private final Duration requestTimeout;
    private final ObjectMapper json;

    HttpPost(Duration connectTimeout, Duration requestTimeout, ObjectMapper json) {
        this.json = json;
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.requestTimeout = requestTimeout;
    }

    private record Reply(int status, String body) {}

    Delivery json(URI uri, Map<String, String> headers, Object payload) {
        String body;
        try {
            body = json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("payload cannot be written as JSON", e);
        }
        String where = uri.getHost() == null ? "the receiver" : uri.getHost();
        HttpRequest request;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "Aperture/0.1 (+self-hosted)");
            headers.forEach(b::header);
            request = b.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        } catch (IllegalArgumentException e) {
            return new Delivery.Rejected(null, "the URL or a header is not valid for an HTTP request");
        }
        CompletableFuture<Reply> future = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(HttpPost::read);
        try {
            Reply reply = future.get(requestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return judge(where, reply);
        } catch (TimeoutException e) {
            future.cancel(true);
            return new Delivery.Rejected(null, where + " did not answer within " + requestTimeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            return new Delivery.Rejected(null, words(where, uri, e.getCause() == null ? e : e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return new Delivery.Rejected(null, "interrupted before " + where + " answered");
        }
    }

    private static Reply read(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            return new Reply(response.statusCode(), new String(in.readNBytes(2048), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            return new Reply(response.statusCode(), "");
        }
    }

    private static Delivery judge(String where, Reply reply) {
        int s = reply.status();
        String excerpt = excerpt(reply.body());
        if (s >= 200 && s < 300) {
            return new Delivery.Accepted(s, where + " accepted the message (" + s + ")");
        }
        if (s >= 300 && s < 400) {
            return new Delivery.Rejected(s, where + " answered a redirect (" + s + "), which is not followed: "
                    + "enter the final URL");
        }
        String hint = switch (s) {
            case 401, 403 -> " (the token or credentials were refused)";
            case 404 -> " (no such webhook, topic or path: check the URL)";
            case 429 -> " (rate limited; will retry)";
            default -> "";
        };
        return new Delivery.Rejected(s, where + " answered " + s + hint + (excerpt.isEmpty() ? "" : ": " + excerpt));
    }

    static String excerpt(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return flat.length() > EXCERPT ? flat.substring(0, EXCERPT) + "…" : flat;
    }

    private static String words(String where, URI uri, Throwable error) {
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return switch (Transport.kindOf(error)) {
            case UNKNOWN_HOST -> "unknown host '" + where + "': check the host name in the URL";
            case CONNECTION_REFUSED -> "connection refused by " + where + ":" + port
                    + ": nothing listens there, or the port is wrong";
            case CONNECT_TIMEOUT -> "timed out connecting to " + where + ":" + port;
            case TIMEOUT -> where + " did not answer in time";
            case TLS_HANDSHAKE -> "TLS handshake with " + where + " failed: the certificate is not trusted or does "
                    + "not match the host";
            case TLS_PLAINTEXT -> where + ":" + port + " speaks plain http: use an http:// URL or the https port";
            case CONNECTION_RESET -> where + " closed the connection without answering";
            case IO -> "network error talking to " + where + " (" + error.getClass().getSimpleName() + ")";
        };
    }
}
