package dev.aperture.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A provider gone wrong on 127.0.0.1, on raw sockets so it can misbehave in ways a real HTTP server
 * will not: each connection gets the next {@link Behaviour} from the test's supplier — a scripted reply,
 * a body of megabytes, a body trickled slower than any timeout, a connection closed mid-headers or
 * mid-body, or garbage instead of HTTP.
 */
public final class WildServer implements AutoCloseable {

    public sealed interface Behaviour {
        /** A well-formed reply; {@code bodyBytes} of filler are sent after {@code body} (a body of megabytes). */
        record Reply(int status, String headers, String body, int bodyBytes) implements Behaviour {}

        /** Headers promise a body, then a byte every {@code everyMillis} until the client gives up. */
        record Trickle(int everyMillis) implements Behaviour {}

        /** Sends the first {@code bytes} of a reply, then closes the connection. */
        record CloseAfter(int bytes) implements Behaviour {}

        /** Sends bytes that are not HTTP at all, then closes. */
        record Garbage(byte[] bytes) implements Behaviour {}
    }

    private final ServerSocket server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "wild-server");
        t.setDaemon(true);
        return t;
    });

    public WildServer(Supplier<Behaviour> script) {
        try {
            server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        pool.submit(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Behaviour b = script.get();
                    pool.submit(() -> serve(s, b));
                } catch (IOException e) {
                    // closed
                }
            }
        });
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private static void serve(Socket socket, Behaviour behaviour) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            socket.setSoTimeout(10_000);
            readHead(in);
            if (behaviour instanceof Behaviour.Reply r) {
                    byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
                    long length = body.length + (long) r.bodyBytes();
                    out.write(("HTTP/1.1 " + r.status() + " X\r\n" + r.headers() + "Content-Length: " + length
                            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body);
                    byte[] filler = "{\"x\":\"filler\"}, ".repeat(4_096).getBytes(StandardCharsets.US_ASCII);
                    for (long sent = 0; sent < r.bodyBytes(); sent += filler.length) {
                        out.write(filler, 0, (int) Math.min(filler.length, r.bodyBytes() - sent));
                    }
                out.flush();
            } else if (behaviour instanceof Behaviour.Trickle t) {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    for (int i = 0; i < 100_000; i++) {
                        out.flush();
                        Thread.sleep(t.everyMillis()); // the slowness is the behaviour under test
                        out.write(' ');
                }
            } else if (behaviour instanceof Behaviour.CloseAfter c) {
                    byte[] reply = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
                            + "{\"a\":1}".repeat(100)).getBytes(StandardCharsets.ISO_8859_1);
                    out.write(reply, 0, Math.min(c.bytes(), reply.length));
                    out.flush();
                    socket.setSoLinger(true, 0); // a reset, not a polite close
            } else if (behaviour instanceof Behaviour.Garbage g) {
                out.write(g.bytes());
                out.flush();
            }
        } catch (IOException e) {
            // the client hung up first: what a timeout or a body limit does
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void readHead(InputStream in) throws IOException {
        int state = 0;
        int b;
        while (state < 4 && (b = in.read()) >= 0) {
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        pool.shutdownNow();
    }
}
