package dev.aperture.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A plain-http port that answers anything, even a TLS ClientHello, with "400 Bad Request", as Node
 * (Jellyseerr), nginx and Kestrel do. {@link FakeServer} cannot stand in here: the JDK HttpServer waits
 * for a request line that a ClientHello never sends, so the client times out instead of seeing the
 * "Unsupported or unrecognized SSL message" an admin gets from a real server.
 */
public final class PlainHttpPort implements AutoCloseable {

    private final ServerSocket socket;

    public PlainHttpPort() {
        try {
            socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread acceptor = new Thread(this::serve, "plain-http-port");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                InputStream in = client.getInputStream();
                in.read(new byte[4096]);
                OutputStream out = client.getOutputStream();
                out.write("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // closed by the test, or the client hung up: either way the next accept decides.
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
