import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The WebSocket load client of bench/websocket.sh, run from source ({@code java WsLoad.java ...}):
 * plain blocking sockets on virtual threads, frames masked as RFC 6455 section 5.3 asks, so that the
 * client costs little next to the server it measures.
 *
 * <pre>
 * java WsLoad.java echo PORT PATH SOCKETS SECONDS BYTES   one line: sockets msgs msg/s p50_us p99_us max_us errors
 * java WsLoad.java idle PORT PATH SOCKETS                 opens SOCKETS sockets, prints "open N", holds them until stdin ends
 * </pre>
 */
public final class WsLoad {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        String path = args[2];
        int sockets = Integer.parseInt(args[3]);
        switch (args[0]) {
            case "echo" -> echo(port, path, sockets, Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            case "idle" -> idle(port, path, sockets);
            default -> throw new IllegalArgumentException("echo or idle");
        }
    }

    /** Each socket sends a message and waits for its echo, again and again: closed-loop load. */
    private static void echo(int port, String path, int sockets, int seconds, int bytes) throws Exception {
        byte[] payload = new byte[bytes];
        Arrays.fill(payload, (byte) 'x');
        List<Conn> conns = openAll(port, path, sockets);
        sockets = conns.size();
        long warmupEnd = System.nanoTime() + 2_000_000_000L;
        long end = warmupEnd + seconds * 1_000_000_000L;
        long[][] latencies = new long[sockets][];
        int[] counts = new int[sockets];
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(sockets);
        for (int i = 0; i < sockets; i++) {
            int id = i;
            Thread.ofVirtual().start(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                try {
                    Conn c = conns.get(id);
                    long now;
                    while ((now = System.nanoTime()) < end) {
                        c.sendText(payload);
                        c.readFrame();
                        long took = System.nanoTime() - now;
                        if (now >= warmupEnd) {
                            if (n == mine.length) {
                                mine = Arrays.copyOf(mine, n * 2);
                            }
                            mine[n++] = took;
                        }
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                } finally {
                    latencies[id] = mine;
                    counts[id] = n;
                    done.countDown();
                }
            });
        }
        done.await();
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int i = 0; i < sockets; i++) {
            System.arraycopy(latencies[i], 0, all, at, counts[i]);
            at += counts[i];
        }
        Arrays.sort(all);
        System.out.printf("%d %d %.0f %d %d %d %d%n", sockets, total, total / (double) seconds,
                percentile(all, 0.50) / 1000, percentile(all, 0.99) / 1000, all.length == 0 ? 0 : all[all.length - 1] / 1000,
                errors.get());
        for (Conn c : conns) {
            c.close();
        }
    }

    /** Opens the sockets and keeps them open, silent, until standard input ends. */
    private static void idle(int port, String path, int sockets) throws Exception {
        List<Conn> conns = openAll(port, path, sockets);
        System.out.println("open " + conns.size());
        System.out.flush();
        System.in.read();
        for (Conn c : conns) {
            c.close();
        }
    }

    private static List<Conn> openAll(int port, String path, int sockets) throws Exception {
        Conn[] conns = new Conn[sockets];
        AtomicLong failures = new AtomicLong();
        CountDownLatch opened = new CountDownLatch(sockets);
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(256); // not a SYN flood
        for (int i = 0; i < sockets; i++) {
            int id = i;
            inFlight.acquire();
            Thread.ofVirtual().start(() -> {
                try {
                    conns[id] = Conn.open(port, path);
                } catch (IOException e) {
                    failures.incrementAndGet();
                } finally {
                    inFlight.release();
                    opened.countDown();
                }
            });
        }
        opened.await();
        if (failures.get() > 0) {
            System.err.println(failures.get() + " sockets failed to open");
        }
        List<Conn> open = new ArrayList<>();
        for (Conn c : conns) {
            if (c != null) {
                open.add(c);
            }
        }
        return open;
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
    }

    /** One client socket after its handshake. */
    private static final class Conn {
        private final Socket socket;
        private final OutputStream out;
        private final DataInputStream in;
        private final byte[] mask = new byte[4];

        private Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 8192));
        }

        static Conn open(int port, String path) throws IOException {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
            Conn c = new Conn(socket);
            c.out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            c.out.flush();
            String status = c.readLine();
            if (!status.startsWith("HTTP/1.1 101")) {
                socket.close();
                throw new IOException("handshake refused: " + status);
            }
            while (!c.readLine().isEmpty()) {
                // headers
            }
            return c;
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("closed during the handshake");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        void sendText(byte[] payload) throws IOException {
            ThreadLocalRandom.current().nextBytes(mask);
            int n = payload.length;
            byte[] frame = new byte[(n < 126 ? 6 : 8) + n];
            frame[0] = (byte) 0x81;
            int at;
            if (n < 126) {
                frame[1] = (byte) (0x80 | n);
                at = 2;
            } else {
                frame[1] = (byte) (0x80 | 126);
                frame[2] = (byte) (n >> 8);
                frame[3] = (byte) n;
                at = 4;
            }
            System.arraycopy(mask, 0, frame, at, 4);
            at += 4;
            for (int i = 0; i < n; i++) {
                frame[at + i] = (byte) (payload[i] ^ mask[i & 3]);
            }
            out.write(frame);
            out.flush();
        }

        void readFrame() throws IOException {
            int b0 = in.readUnsignedByte();
            int length = in.readUnsignedByte() & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = (int) in.readLong();
            }
            in.skipNBytes(length);
            if ((b0 & 0x0F) == 8) {
                throw new IOException("closed by the server");
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // done anyway
            }
        }
    }
}
