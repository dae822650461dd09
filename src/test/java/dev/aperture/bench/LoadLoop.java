package dev.aperture.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * The load benchmark's clients on one thread and one selector: each client is a keep-alive connection that
 * sends, waits for the whole response, pauses (exponential around the think time, seeded per client) and
 * sends again. One thread, as wrk or an event-loop client has: with a thread per client (200 on 2 cores)
 * the generator's own scheduling and safepoints put 50–120 ms on the measured p99, where an event-loop
 * client in another language saw 6 ms against the same server (docs/benchmarks.md, "Load").
 */
final class LoadLoop implements AutoCloseable {

    private static final class Client {
        final int id;
        final Random random;
        LoadBenchmark.Samples[] samples;
        final ResponseReader reader = new ResponseReader();
        SocketChannel channel;
        ByteBuffer out;
        long sentAt;
        long dueAt;
        long sent;
        int endpoint;

        Client(int id) {
            this.id = id;
            this.random = new Random(0x5eedL + id);
        }
    }

    private final InetSocketAddress server;
    private final List<LoadBenchmark.Endpoint> endpoints;
    private final long thinkNanos;
    /** Kept from the warm-up to the measurement: connections are opened once, as a browser keeps its own. */
    private final List<Client> all = new ArrayList<>();
    private Selector selector;

    LoadLoop(InetSocketAddress server, List<LoadBenchmark.Endpoint> endpoints, long thinkMillis) {
        this.server = server;
        this.endpoints = endpoints;
        this.thinkNanos = Duration.ofMillis(thinkMillis).toNanos();
    }

    /** Runs {@code clients} clients for {@code length}; {@code atMiddle} runs once half of it has passed. */
    LoadBenchmark.Samples[][] run(int clients, Duration length, Runnable atMiddle) throws IOException {
        LoadBenchmark.Samples[][] samples = new LoadBenchmark.Samples[clients][endpoints.size()];
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long middle = start + length.toNanos() / 2;
        boolean middleDone = atMiddle == null;
        PriorityQueue<Client> due = new PriorityQueue<>((a, b) -> Long.compare(a.dueAt, b.dueAt));
        if (selector == null) {
            selector = Selector.open();
        }
        for (int c = 0; c < clients; c++) {
            if (all.size() <= c) {
                all.add(new Client(c));
            }
            Client client = all.get(c);
            client.samples = samples[c];
            for (int e = 0; e < endpoints.size(); e++) {
                samples[c][e] = new LoadBenchmark.Samples();
            }
            client.dueAt = start + pause(client);
            due.add(client);
        }
        int busy = 0;
        while (busy > 0 || !due.isEmpty()) {
            long now = System.nanoTime();
            if (!middleDone && now >= middle) {
                atMiddle.run();
                middleDone = true;
            }
            while (!due.isEmpty() && due.peek().dueAt <= now) {
                Client client = due.poll();
                if (now >= end) {
                    continue;
                }
                send(client, selector, now);
                busy++;
            }
            long waitMillis = due.isEmpty() ? 100 : Math.max(1, (due.peek().dueAt - now) / 1_000_000);
            selector.select(waitMillis);
            for (SelectionKey key : selector.selectedKeys()) {
                Client client = (Client) key.attachment();
                if (!step(client, key)) {
                    continue;
                }
                busy--;
                client.dueAt = System.nanoTime() + pause(client);
                due.add(client);
            }
            selector.selectedKeys().clear();
        }
        return samples;
    }

    @Override
    public void close() throws IOException {
        for (Client client : all) {
            close(client);
        }
        if (selector != null) {
            selector.close();
        }
    }

    private void send(Client client, Selector selector, long now) throws IOException {
        client.endpoint = (int) ((client.id + client.sent++) % endpoints.size());
        client.out = ByteBuffer.wrap(endpoints.get(client.endpoint).request());
        client.reader.reset();
        client.sentAt = now;
        if (client.channel == null) {
            client.channel = SocketChannel.open();
            client.channel.configureBlocking(false);
            client.channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            client.channel.connect(server);
            client.channel.register(selector, SelectionKey.OP_CONNECT, client);
        } else {
            client.channel.keyFor(selector).interestOps(SelectionKey.OP_WRITE);
        }
    }

    /** Moves one client along; answers true when its exchange ended (answered, or failed and counted). */
    private boolean step(Client client, SelectionKey key) {
        try {
            if (key.isConnectable()) {
                client.channel.finishConnect();
                key.interestOps(SelectionKey.OP_WRITE);
                return false;
            }
            if (key.isWritable()) {
                client.channel.write(client.out);
                if (!client.out.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
                return false;
            }
            if (key.isReadable()) {
                int status = client.reader.read(client.channel);
                if (status == 0) {
                    return false;
                }
                key.interestOps(0);
                if (status == 200) {
                    client.samples[client.endpoint].add((System.nanoTime() - client.sentAt) / 1000);
                } else {
                    client.samples[client.endpoint].errors++;
                }
                if (client.reader.closes()) {
                    key.cancel();
                    close(client);
                }
                return true;
            }
            return false;
        } catch (IOException | RuntimeException e) {
            client.samples[client.endpoint].errors++;
            key.cancel();
            close(client);
            return true;
        }
    }

    private long pause(Client client) {
        return thinkNanos == 0 ? 0 : Math.round(-Math.log(1 - client.random.nextDouble()) * thinkNanos);
    }

    private static void close(Client client) {
        if (client.channel != null) {
            try {
                client.channel.close();
            } catch (IOException e) {
                // closing a dead connection
            }
            client.channel = null;
        }
    }
}
