package dev.aperture.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aperture.calls.Transport;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Sends a channel's request (JSON POST for the webhook flavours, form or PUT where a provider wants it): a timeout on connecting and on the whole exchange,
 * redirects not followed (the JDK client would carry the token headers to wherever a redirect
 * points), and only the first 2 KB of an answer read. Answers in words, naming the host only:
 * Discord and Slack URLs carry their token in the path.
 */
final class HttpPost {

    private static final int EXCERPT = 300;
    static final String JSON = "application/json; charset=utf-8";
    static final String FORM = "application/x-www-form-urlencoded";

    private final HttpClient client;
    private final Duration requestTimeout;
    private final ObjectMapper json;
    private final Clock clock;

    HttpPost(Duration connectTimeout, Duration requestTimeout, ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.requestTimeout = requestTimeout;
    }

    /** What a receiver answered: status, the first 2 KB of the body, its headers, and when (the injected clock). */
    record Reply(String where, int status, String body, HttpHeaders headers, Instant at) {
        String header(String name) {
            return headers.firstValue(name).orElse("");
        }
    }

    Delivery json(URI uri, Map<String, String> headers, Object payload) {
        return send("POST", uri, headers, JSON, body(payload), HttpPost::judge);
    }

    String body(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("payload cannot be written as JSON", e);
        }
    }

    JsonNode tree(String body) {
        try {
            JsonNode node = json.readTree(body == null || body.isBlank() ? "{}" : body);
            return node == null ? json.createObjectNode() : node;
        } catch (JsonProcessingException e) {
            return json.createObjectNode();
        }
    }

    /** Sends one request; {@code judge} reads an answer in the provider's own terms, words cover no answer. */
    Delivery send(String method, URI uri, Map<String, String> headers, String contentType, String body,
                  Function<Reply, Delivery> judge) {
        String where = uri.getHost() == null ? "the receiver" : uri.getHost();
        HttpRequest request;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                    .header("Content-Type", contentType)
                    .header("User-Agent", "Aperture/0.1 (+self-hosted)");
            headers.forEach(b::header);
            request = b.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        } catch (IllegalArgumentException e) {
            return new Delivery.Rejected(null, "the URL or a header is not valid for an HTTP request");
        }
        CompletableFuture<Reply> future = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(r -> read(where, r));
        try {
            Reply reply = future.get(requestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return judge.apply(reply);
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

    private Reply read(String where, HttpResponse<InputStream> response) {
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readNBytes(2048), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            body = "";
        }
        return new Reply(where, response.statusCode(), body, response.headers(), clock.instant());
    }

    /**
     * RFC 9110 section 10.2.3 Retry-After: delay-seconds or an HTTP-date; null when absent or unreadable,
     * so the caller falls back to its backoff.
     */
    static Instant retryAfter(Reply reply) {
        String value = reply.header("Retry-After").trim();
        if (value.matches("\\d{1,9}")) {
            return reply.at().plusSeconds(Long.parseLong(value));
        }
        try {
            return value.isEmpty() ? null
                    : java.time.ZonedDateTime.parse(value, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    static Delivery judge(Reply reply) {
        String where = reply.where();
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
