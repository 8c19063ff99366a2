package dev.gateway.server.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.arbiter.Arbiter;
import dev.gateway.server.config.Settings;
import dev.gateway.server.config.WorkerClass;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.server.support.Await;
import dev.gateway.server.support.JdkSocket;
import dev.gateway.server.support.LeakWatcher;
import dev.gateway.server.support.RawClient;
import dev.gateway.server.support.RawResponse;
import dev.gateway.spi.lint.Lint;
import dev.gateway.testapps.Sockets;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * WebSockets over real sockets, driven by Java's own {@code java.net.http.WebSocket} and, for what no
 * client library sends, by raw bytes: concurrency on several workers, the handshake's refusals,
 * failures with the RFC's codes, compression, and the lifecycle (request timeout, idle timeout,
 * graceful stop and reload).
 */
class WebSocketServerTest {

    private static final Duration GUARD = Duration.ofSeconds(20);
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static LeakWatcher leaks;

    @BeforeAll
    static void watchLeaks() {
        leaks = new LeakWatcher();
    }

    @AfterAll
    static void noBufferLeaked() throws InterruptedException {
        leaks.assertNoLeakAndClose();
    }

    private static Gateway sockets(String workerClass, int workers, int threads) {
        return Gateway.builder(new Sockets())
                .set(Settings.WORKER_CLASS, WorkerClass.of(workerClass))
                .set(Settings.WORKERS, workers)
                .set(Settings.THREADS, threads)
                .set(Settings.GRACEFUL_TIMEOUT, 1);
    }

    private static URI ws(RunningGateway gateway, String path) {
        return URI.create("ws://127.0.0.1:" + gateway.port() + path);
    }

    @ParameterizedTest(name = "{0}: {3} sockets on {1} workers")
    @CsvSource({"virtual, 2, 1, 300", "thread, 2, 24, 40"})
    void manySocketsEchoAtOnceWhileHttpIsServed(String workerClass, int workers, int threads, int sockets) throws Exception {
        try (RunningGateway gateway = sockets(workerClass, workers, threads).start();
             var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < sockets; s++) {
                int id = s;
                done.add(pool.submit(() -> {
                    JdkSocket socket = JdkSocket.open(CLIENT, ws(gateway, "/echo"));
                    for (int m = 0; m < 5; m++) {
                        assertEquals("socket " + id + " message " + m, socket.echo("socket " + id + " message " + m));
                    }
                    socket.socket.sendClose(1000, "").get(20, TimeUnit.SECONDS);
                    assertEquals(1000, socket.closeCode());
                    return null;
                }));
            }
            // Ordinary requests are answered meanwhile, on the same workers.
            HttpResponse<String> plain = CLIENT.send(java.net.http.HttpRequest.newBuilder(gateway.baseUri().resolve("/echo")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(426, plain.statusCode());
            for (Future<?> each : done) {
                each.get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void subprotocolFragmentsAndTheApplicationsClose() throws Exception {
        try (RunningGateway gateway = sockets("virtual", 1, 1).start()) {
            JdkSocket socket = JdkSocket.open(CLIENT, ws(gateway, "/echo"), "other", "echo");
            assertEquals("echo", socket.socket.getSubprotocol());
            assertEquals("part0;part1;part2;", socket.echo("fragments:3"));
            socket.socket.sendText("close:4001", true).get(20, TimeUnit.SECONDS);
            assertEquals(4001, socket.closeCode());
            JdkSocket greeted = JdkSocket.open(CLIENT, ws(gateway, "/greet"));
            assertEquals("hello", greeted.next());
            assertEquals(1000, greeted.closeCode(), "a session still open when call() returns is closed with 1000");
        }
    }

    @Test
    void theServerKeepsTheContractUnderLint() throws Exception {
        Lint lint = new Lint(new Sockets());
        try (RunningGateway gateway = Gateway.builder(lint).set(Settings.WORKER_CLASS, WorkerClass.VIRTUAL)
                .set(Settings.GRACEFUL_TIMEOUT, 1).start()) {
            JdkSocket socket = JdkSocket.open(CLIENT, ws(gateway, "/echo"), "echo");
            assertEquals("linted", socket.echo("linted"));
            socket.socket.sendClose(1000, "").get(20, TimeUnit.SECONDS);
            assertEquals(1000, socket.closeCode());
            assertThrows(ExecutionException.class, () -> JdkSocket.open(CLIENT, ws(gateway, "/nope")));
            Await.until(GUARD, "every call over and its body closed", () -> lint.openBodies() == 0);
        }
        lint.verify(); // WS-1 (the server's offer) and the rest, as the server drove them
    }

    @Test
    void declinedAndRefusedHandshakes() throws Exception {
        try (RunningGateway gateway = sockets("virtual", 1, 1)
                .set(Settings.WEBSOCKET_ALLOWED_ORIGINS, List.of("https://app.example")).start()) {
            ExecutionException declined = assertThrows(ExecutionException.class, () -> JdkSocket.open(CLIENT, ws(gateway, "/nope")));
            assertEquals(403, assertInstanceOf(WebSocketHandshakeException.class, declined.getCause()).getResponse().statusCode());
            try (RawSocket evil = RawSocket.open(gateway.port(), "/echo", "Origin: https://evil.example\r\n")) {
                assertEquals(403, evil.handshake.status());
            }
            try (RawSocket allowed = RawSocket.open(gateway.port(), "/echo", "Origin: https://app.example\r\n")) {
                assertEquals(101, allowed.handshake.status());
                assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", allowed.handshake.header("Sec-WebSocket-Accept"));
                assertEquals("yes", allowed.handshake.header("X-Socket"));
            }
            try (RawClient old = new RawClient(gateway.port()).timeout(20_000)) {
                RawResponse response = old.send("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Version: 8\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").read();
                assertEquals(426, response.status());
                assertEquals("13", response.header("Sec-WebSocket-Version"));
            }
        }
    }

    @Test
    void malformedFramesCloseWithTheRfcCodeAndTheServerGoesOn() throws Exception {
        try (RunningGateway gateway = sockets("virtual", 1, 1).start()) {
            byte[][] inputs = {
                {(byte) 0x81, 0x02, 'h', 'i'}, // unmasked
                WebSocketFrameHandlerTest.masked(0x81, new byte[] {(byte) 0xC3, 0x28}), // not UTF-8
                WebSocketFrameHandlerTest.masked(0x83, new byte[] {1}), // reserved opcode
                WebSocketFrameHandlerTest.masked(0x82, new byte[70_000]), // over websocket_max_frame_size
            };
            int[] codes = {1002, 1007, 1002, 1009};
            for (int i = 0; i < inputs.length; i++) {
                try (RawSocket socket = RawSocket.open(gateway.port(), "/echo", "")) {
                    assertEquals(101, socket.handshake.status());
                    socket.send(inputs[i]);
                    RawSocket.Frame close = socket.read();
                    assertEquals(8, close.opcode(), "a close frame");
                    assertEquals(codes[i], close.closeCode());
                    assertTrue(socket.client.closedByPeer(), "the connection is failed after the close");
                }
            }
            assertEquals("ok", JdkSocket.open(CLIENT, ws(gateway, "/echo")).echo("ok"));
        }
    }

    @Test
    void permessageDeflateWhenOfferedAndNotWhenTurnedOff() throws Exception {
        try (RunningGateway gateway = sockets("virtual", 1, 1).start();
             RawSocket socket = RawSocket.open(gateway.port(), "/echo", "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n")) {
            assertTrue(socket.handshake.header("Sec-WebSocket-Extensions").startsWith("permessage-deflate"),
                    socket.handshake.header("Sec-WebSocket-Extensions"));
            String text = "compress me ".repeat(50);
            byte[] compressed = deflate(text.getBytes(StandardCharsets.UTF_8));
            socket.send(WebSocketFrameHandlerTest.masked(0xC1, compressed)); // FIN, RSV1 (compressed), text
            RawSocket.Frame echo = socket.read();
            assertEquals(1, echo.opcode());
            assertTrue(echo.payload().length < text.length(), "the echo came back compressed");
            assertEquals(text, new String(inflate(echo.payload()), StandardCharsets.UTF_8));
        }
        try (RunningGateway gateway = sockets("virtual", 1, 1).set(Settings.WEBSOCKET_COMPRESSION, false).start();
             RawSocket socket = RawSocket.open(gateway.port(), "/echo", "Sec-WebSocket-Extensions: permessage-deflate\r\n")) {
            assertEquals(101, socket.handshake.status());
            assertNull(socket.handshake.header("Sec-WebSocket-Extensions"));
        }
    }

    /** RFC 7692 section 7.2.1: raw DEFLATE, flushed, without the trailing 00 00 FF FF. */
    static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(data);
        byte[] out = new byte[data.length + 64];
        int length = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        deflater.end();
        return java.util.Arrays.copyOf(out, length - 4);
    }

    static byte[] inflate(byte[] data) throws Exception {
        Inflater inflater = new Inflater(true);
        inflater.setInput(WebSocketFrameHandlerTest.concat(data, new byte[] {0, 0, (byte) 0xFF, (byte) 0xFF}));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = inflater.inflate(buffer)) > 0) {
            out.write(buffer, 0, n);
        }
        inflater.end();
        return out.toByteArray();
    }

    @Test
    void theRequestTimeoutSparesAnOpenSocketAndTheIdleTimeoutClosesIt() throws Exception {
        try (RunningGateway gateway = sockets("thread", 1, 2).set(Settings.TIMEOUT, 1)
                .set(Settings.WEBSOCKET_IDLE_TIMEOUT, 3).start()) {
            JdkSocket socket = JdkSocket.open(CLIENT, ws(gateway, "/echo"));
            long opened = System.nanoTime();
            // The request timeout (1 s) passes twice over while the socket is open and quiet.
            Thread.sleep(2_200);
            assertEquals("still here", socket.echo("still here"));
            assertEquals(1001, socket.closeCode(), "closed as idle after websocket_idle_timeout");
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - opened);
            assertTrue(seconds >= 3, "idle-closed after " + seconds + " s");
        }
    }

    @Test
    void aGracefulStopClosesSocketsWith1001AfterGracefulTimeout() throws Exception {
        RunningGateway gateway = sockets("virtual", 1, 1).start();
        JdkSocket socket;
        try {
            socket = JdkSocket.open(CLIENT, ws(gateway, "/echo"));
            assertEquals("x", socket.echo("x"));
        } catch (Exception | Error e) {
            gateway.close();
            throw e;
        }
        long start = System.nanoTime();
        gateway.close();
        assertEquals(1001, socket.closeCode());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis >= 900, "the socket had graceful_timeout (1 s) before its 1001; it had " + millis + " ms");
    }

    @Test
    void aWorkerRecycledByMaxRequestsClosesItsSocketsWith1001() throws Exception {
        try (RunningGateway gateway = sockets("virtual", 1, 1).set(Settings.MAX_REQUESTS, 2).start()) {
            JdkSocket socket = JdkSocket.open(CLIENT, ws(gateway, "/echo"));
            assertEquals("before", socket.echo("before"));
            for (int i = 0; i < 2; i++) { // the worker's quota: it retires, its socket stays for graceful_timeout
                CLIENT.send(java.net.http.HttpRequest.newBuilder(gateway.baseUri().resolve("/")).build(), HttpResponse.BodyHandlers.discarding());
            }
            assertEquals(1001, socket.closeCode());
            assertEquals("after", JdkSocket.open(CLIENT, ws(gateway, "/echo")).echo("after"), "the replacement worker takes new sockets");
        }
    }

    @Test
    void aReloadClosesTheOldGenerationsSocketsWith1001(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("access.log");
        try (RunningGateway gateway = sockets("virtual", 1, 1).set(Settings.ACCESSLOG, log.toString())
                .set(Settings.ACCESS_LOG_FORMAT, "%(r)s %(s)s %(b)s %(I)s").start()) {
            JdkSocket old = JdkSocket.open(CLIENT, ws(gateway, "/echo"));
            assertEquals("abc", old.echo("abc"));
            gateway.signal(Arbiter.Event.HUP);
            assertEquals(1001, old.closeCode());
            assertEquals("new", JdkSocket.open(CLIENT, ws(gateway, "/echo")).echo("new"));
            // One access log line per socket, written when it closed: 101, bytes out, bytes in.
            Await.until(GUARD, "the socket's access log line", () -> Files.exists(log)
                    && Files.readString(log).contains("GET /echo HTTP/1.1 101 3 3"));
        }
    }
}
