package dev.aperture.calls;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The JDK {@link HttpClient} with a timeout on connecting and one on the whole exchange, body
 * included (the client's own request timeout stops at the headers, so a server that trickles a
 * body would otherwise hold a job forever), and a bounded body: at most {@code maxBodyBytes} are
 * kept, the rest is discarded. Redirects are not followed: the JDK client would forward
 * {@code X-Api-Key} and {@code Authorization} to whatever host a proxy redirects to, so a redirect
 * comes back as a reply and is classified (a base URL that needs fixing).
 */
public final class HttpWire implements Wire {

    // Headers the JDK client refuses to let callers set.
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpClient client;
    private final Duration requestTimeout;
    private final int maxBodyBytes;

    public HttpWire(Duration connectTimeout, Duration requestTimeout, int maxBodyBytes) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = requestTimeout;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public Answer send(CallRequest request) {
        HttpRequest http;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(request.uri()).timeout(requestTimeout);
            request.headers().forEach((k, v) -> {
                if (!RESTRICTED.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                    b.header(k, v);
                }
            });
            if (!request.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("user-agent"))) {
                b.header("User-Agent", "Aperture/0.1 (+self-hosted)");
            }
            b.method(request.method(), request.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
            http = b.build();
        } catch (IllegalArgumentException e) {
            return new Answer.TransportFailure(new java.net.MalformedURLException("invalid request: " + e.getMessage()));
        }
        CompletableFuture<HttpResponse<Bounded>> future =
                client.sendAsync(http, info -> new BoundedSubscriber(maxBodyBytes));
        try {
            HttpResponse<Bounded> response = future.get(requestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            Bounded body = response.body();
            return new Answer.Reply(response.statusCode(), response.headers().map(),
                    new String(body.bytes(), StandardCharsets.UTF_8), body.truncated());
        } catch (TimeoutException e) {
            future.cancel(true);
            return new Answer.TransportFailure(new HttpTimeoutException("request timed out (body not received in time)"));
        } catch (ExecutionException e) {
            return new Answer.TransportFailure(e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return new Answer.TransportFailure(e);
        }
    }

    record Bounded(byte[] bytes, boolean truncated) {}

    /** Keeps the first {@code max} bytes, then cancels the stream so the rest is never read. */
    static final class BoundedSubscriber implements HttpResponse.BodySubscriber<Bounded> {
        private final int max;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<Bounded> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        BoundedSubscriber(int max) {
            this.max = max;
        }

        @Override
        public java.util.concurrent.CompletionStage<Bounded> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            this.subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                int room = max - out.size();
                int n = Math.min(room, buffer.remaining());
                byte[] chunk = new byte[n];
                buffer.get(chunk);
                out.write(chunk, 0, n);
                if (buffer.hasRemaining() || out.size() >= max) {
                    result.complete(new Bounded(out.toByteArray(), true));
                    subscription.cancel();
                    return;
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            if (!result.isDone()) {
                result.completeExceptionally(throwable);
            }
        }

        @Override
        public void onComplete() {
            result.complete(new Bounded(out.toByteArray(), false));
        }
    }
}
