package dev.gateway.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.Settings;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.server.support.Await;
import dev.gateway.server.support.RawClient;
import dev.gateway.server.support.RawResponse;
import dev.gateway.spi.Application;
import dev.gateway.spi.Header;
import dev.gateway.testapps.Hello;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Slow and idle clients: request heads are read by the event loop, so clients trickling their
 * headers never hold a worker thread; {@code header_timeout} disconnects them and {@code keepalive}
 * disconnects idle keep-alive connections. A client that stops reading its response holds back its
 * worker, never the server's memory.
 */
class SlowClientsTest {

    private static final String GET = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
    /** A head that never ends: a slow client's headers, one byte at a time. */
    private static final byte[] ENDLESS_HEAD = "GET / HTTP/1.1\r\nHost: h\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);

    /** Connections that send one more byte of their head on each {@link #step()}. */
    private static final class Tricklers implements AutoCloseable {
        private final List<Socket> sockets = new ArrayList<>();
        private int sent;

        Tricklers(int port, int count) throws IOException {
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket();
                sockets.add(socket);
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                socket.setTcpNoDelay(true);
            }
        }

        /** Sends the next byte on every connection (after the head's start, any letter). */
        void step() throws IOException {
            int b = sent < ENDLESS_HEAD.length ? ENDLESS_HEAD[sent] : 'x';
            for (Socket socket : sockets) {
                socket.getOutputStream().write(b);
            }
            sent++;
        }

        @Override
        public void close() throws IOException {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void tricklingClientsHoldNoWorker() throws Exception {
        // One worker with one thread: if a trickler held it, the plain requests below would wait
        // for the header timeout (30 s), far past the client's read timeout.
        try (RunningGateway gateway = Gateway.builder(new Hello()).set(Settings.WORKERS, 1).set(Settings.THREADS, 1)
                .set(Settings.HEADER_TIMEOUT, 30).start();
             Tricklers tricklers = new Tricklers(gateway.port(), 100)) {
            AtomicBoolean done = new AtomicBoolean();
            Thread trickle = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (!done.get()) {
                        tricklers.step();
                        Thread.sleep(20); // the trickle: one byte per client every 20 ms
                    }
                } catch (IOException | InterruptedException e) {
                    // the test ended
                }
            });
            try (RawClient client = new RawClient(gateway.port()).timeout(5000)) {
                for (int i = 0; i < 50; i++) {
                    assertEquals(200, client.send(GET).read().status());
                }
            } finally {
                done.set(true);
                trickle.join(5000);
            }
        }
    }

    /**
     * A client that stops reading a large response holds back its worker, not the server's memory:
     * the worker waits once the socket's buffers and the connection's response queue are full, and
     * the rest of the body is produced only as the client reads. Other clients are served meanwhile,
     * and once the client reads again every byte arrives.
     */
    @Test
    void aClientThatStopsReadingHoldsBackItsResponseNotTheServersMemory() throws Exception {
        int chunk = 64 * 1024;
        int chunks = 512; // 32 MiB
        AtomicLong produced = new AtomicLong();
        Application big = (environ, start) -> {
            if (!environ.pathInfo().equals("/big")) {
                return new Hello().call(environ, start);
            }
            start.start("200 OK", List.of(Header.of("Content-Type", "application/octet-stream")));
            byte[] bytes = new byte[chunk];
            return () -> IntStream.range(0, chunks).mapToObj(i -> {
                produced.addAndGet(chunk);
                return bytes;
            }).iterator();
        };
        // What the kernel may hold: the server's send buffer at its largest, and the client's receive buffer.
        long kernel = tcpSendBufferMax() + 256 * 1024;
        try (RunningGateway gateway = Gateway.builder(big).set(Settings.THREADS, 2).start();
             Socket socket = new Socket()) {
            socket.setReceiveBufferSize(64 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5000);
            RawClient stalled = new RawClient(socket).timeout(10_000);
            stalled.send("GET /big HTTP/1.1\r\nHost: h\r\n\r\n");
            // Stopped: the count has not moved for 300 ms.
            long[] last = {-1, System.nanoTime()};
            Await.until(Duration.ofSeconds(10), "the application to stop producing", () -> {
                long now = produced.get();
                if (now != last[0]) {
                    last[0] = now;
                    last[1] = System.nanoTime();
                }
                return now > 0 && System.nanoTime() - last[1] > 300_000_000L;
            });
            long held = produced.get();
            assertTrue(held <= kernel + 2L * 256 * 1024 + 2L * chunk,
                    held + " bytes produced for a client that reads nothing (kernel buffers " + kernel + ")");
            assertTrue(held < (long) chunk * chunks, "the whole body was produced");
            try (RawClient other = new RawClient(gateway.port()).timeout(5000)) {
                assertEquals(200, other.send(GET).read().status());
            }
            RawResponse response = stalled.read();
            assertEquals(200, response.status());
            assertEquals((long) chunk * chunks, response.body().length);
        }
    }

    /** Linux's largest automatic TCP send buffer ({@code net.ipv4.tcp_wmem}), else 4 MiB. */
    private static long tcpSendBufferMax() {
        try {
            // Read as a stream: Files.readString trusts the size procfs reports and returns "4".
            String text;
            try (InputStream in = Files.newInputStream(Path.of("/proc/sys/net/ipv4/tcp_wmem"))) {
                text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
            String[] values = text.trim().split("\\s+");
            return Long.parseLong(values[values.length - 1]);
        } catch (IOException | RuntimeException e) {
            return 4L * 1024 * 1024;
        }
    }

    @Test
    void headerTimeoutDisconnectsClientsStillSendingTheirHead() throws Exception {
        try (RunningGateway gateway = Gateway.builder(new Hello()).set(Settings.HEADER_TIMEOUT, 1).start();
             Tricklers tricklers = new Tricklers(gateway.port(), 20);
             Socket silent = new Socket()) {
            silent.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5000);
            // Bytes keep coming, every 100 ms, until the server hangs up: the timeout bounds the
            // whole head, not the silence between bytes. Hang guard: 10 s.
            long guard = System.currentTimeMillis() + 10_000;
            boolean allClosed = false;
            while (!allClosed && System.currentTimeMillis() < guard) {
                try {
                    tricklers.step();
                    Thread.sleep(100);
                } catch (IOException e) {
                    allClosed = everyClosed(tricklers.sockets);
                }
                if (!allClosed && tricklers.sent > 30) {
                    allClosed = everyClosed(tricklers.sockets);
                }
            }
            assertTrue(allClosed, "tricklers still connected after " + tricklers.sent + " bytes");
            assertTrue(closedWithin(silent, 5000), "a client that sends nothing is disconnected too");
            try (RawClient client = new RawClient(gateway.port())) {
                assertEquals(200, client.send(GET).read().status());
            }
        }
    }

    @Test
    void idleKeepAliveConnectionIsClosedAfterKeepalive() throws Exception {
        try (RunningGateway gateway = Gateway.builder(new Hello()).set(Settings.KEEPALIVE, 1).start();
             RawClient client = new RawClient(gateway.port())) {
            assertEquals(200, client.send(GET).read().status());
            client.timeout(5000);
            assertTrue(client.closedByPeer(), "an idle keep-alive connection must be closed after keepalive");
        }
    }

    private static boolean everyClosed(List<Socket> sockets) throws IOException {
        for (Socket socket : sockets) {
            if (!closedWithin(socket, 2000)) {
                return false;
            }
        }
        return true;
    }

    /** True when the server closed the connection (end of stream or reset) within {@code millis}. */
    private static boolean closedWithin(Socket socket, int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
