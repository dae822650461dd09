package dev.aperture.bench;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Locale;

/** Reads one HTTP/1.1 response off a non-blocking channel as bytes arrive (Content-Length or chunked body). */
final class ResponseReader {

    private enum State { HEAD, BODY, CHUNK_SIZE, CHUNK_DATA, TRAILERS, DONE }

    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private final StringBuilder line = new StringBuilder();
    private State state;
    private int status;
    private boolean chunked;
    private boolean closes;
    private long remaining;

    ResponseReader() {
        reset();
    }

    void reset() {
        buffer.clear();
        line.setLength(0);
        state = State.HEAD;
        status = 0;
        chunked = false;
        closes = false;
        remaining = 0;
    }

    /** Reads what has arrived; answers the status once the whole response is in, else 0. */
    int read(SocketChannel channel) throws IOException {
        if (channel.read(buffer) < 0) {
            throw new EOFException("the server closed the connection mid-response");
        }
        buffer.flip();
        parse();
        buffer.compact();
        return state == State.DONE ? status : 0;
    }

    /** Whether the server said it closes the connection after this response. */
    boolean closes() {
        return closes;
    }

    private void parse() {
        while (state != State.DONE && buffer.hasRemaining()) {
            switch (state) {
                case HEAD -> {
                    String l = line();
                    if (l == null) {
                        return;
                    }
                    if (status == 0) {
                        status = Integer.parseInt(l.split(" ")[1]);
                    } else if (l.isEmpty()) {
                        state = chunked ? State.CHUNK_SIZE : remaining > 0 ? State.BODY : State.DONE;
                    } else {
                        header(l.toLowerCase(Locale.ROOT));
                    }
                }
                case BODY, CHUNK_DATA -> {
                    int k = (int) Math.min(remaining, buffer.remaining());
                    buffer.position(buffer.position() + k);
                    remaining -= k;
                    if (remaining == 0) {
                        state = state == State.BODY ? State.DONE : State.CHUNK_SIZE;
                    }
                }
                case CHUNK_SIZE -> {
                    String l = line();
                    if (l == null) {
                        return;
                    }
                    long size = Long.parseLong(l.split(";")[0].trim(), 16);
                    // The chunk's data is followed by CRLF, skipped with it.
                    remaining = size + 2;
                    state = size == 0 ? State.TRAILERS : State.CHUNK_DATA;
                }
                case TRAILERS -> {
                    String l = line();
                    if (l == null) {
                        return;
                    }
                    if (l.isEmpty()) {
                        state = State.DONE;
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    private void header(String h) {
        if (h.startsWith("content-length:")) {
            remaining = Long.parseLong(h.substring("content-length:".length()).trim());
        } else if (h.startsWith("transfer-encoding:") && h.contains("chunked")) {
            chunked = true;
        } else if (h.startsWith("connection:") && h.contains("close")) {
            closes = true;
        }
    }

    /** The next whole line without its CRLF, or null when it has not all arrived yet. */
    private String line() {
        while (buffer.hasRemaining()) {
            byte b = buffer.get();
            if (b == '\n') {
                String l = line.toString();
                line.setLength(0);
                return l;
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return null;
    }
}
