package dev.gateway.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.server.support.Await;
import dev.gateway.server.support.JsonTree;
import dev.gateway.server.support.RawClient;
import dev.gateway.server.support.RawResponse;
import dev.gateway.spi.Application;
import dev.gateway.spi.lint.Lint;
import dev.gateway.testapps.Crash;
import dev.gateway.testapps.EchoEnviron;
import dev.gateway.testapps.Hello;
import dev.gateway.testapps.Sleep;
import dev.gateway.testapps.Stream;
import dev.gateway.testapps.Upload;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test apps (all but Halt) served over a real socket with {@link Lint} in front of them: every
 * environ, {@code gateway.input}, iteration and {@code close()} the server produces must keep the
 * rules of docs/spec.md. After each test every body must be closed and no rule broken.
 */
class LintedAppsTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static Lint lint;
    private static RunningGateway gateway;

    /** Dispatches on the first path segment and changes nothing else, so Lint sees the server's environ. */
    private static final Application ROUTER = (environ, start) -> {
        String path = environ.pathInfo();
        Application app = path.startsWith("/echo") ? new EchoEnviron()
                : path.startsWith("/sleep") ? new Sleep()
                : path.startsWith("/crash") ? new Crash()
                : path.startsWith("/upload") ? new Upload()
                : path.startsWith("/stream") ? new Stream()
                : new Hello();
        return app.call(environ, start);
    };

    @BeforeAll
    static void start() {
        lint = new Lint(ROUTER);
        gateway = Gateway.builder(lint).start();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    /** Every body of the test closed (the server closes it after the last write), and no rule broken. */
    @AfterEach
    void everyBodyClosedAndNoRuleBroken() {
        awaitBodiesClosed(lint, "every body of the test to be closed");
        lint.verify();
    }

    @Test
    void hello() throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(gateway.baseUri().resolve("/hello?x=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("Hello, World!", response.body());
        try (RawClient client = new RawClient(gateway.port())) {
            RawResponse head = client.send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n").read("HEAD");
            assertEquals("13", head.header("Content-Length"));
            assertEquals(0, head.body().length);
            RawResponse asterisk = client.send("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(200, asterisk.status());
        }
    }

    @Test
    void echoEnvironOfAPostWithHeaders() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(gateway.baseUri().resolve("/echo/a%20b?q=%20&r=1"))
                .header("Content-Type", "text/plain")
                .header("X-Custom", "v")
                .POST(HttpRequest.BodyPublishers.ofString("payload"))
                .build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        Map<String, Object> environ = JsonTree.parseObject(response.body());
        assertEquals("POST", environ.get("REQUEST_METHOD"));
        assertEquals("/echo/a b", environ.get("PATH_INFO"));
        assertEquals("q=%20&r=1", environ.get("QUERY_STRING"));
        assertEquals("7", environ.get("CONTENT_LENGTH"));
        assertEquals("text/plain", environ.get("CONTENT_TYPE"));
        assertEquals("v", environ.get("HTTP_X_CUSTOM"));
        assertEquals("127.0.0.1", environ.get("REMOTE_ADDR"));
        assertEquals(Integer.toString(gateway.port()), environ.get("SERVER_PORT"));
    }

    @Test
    void echoEnvironOverHttp10WithoutHost() throws Exception {
        try (RawClient client = new RawClient(gateway.port())) {
            RawResponse response = client.send("GET /echo HTTP/1.0\r\n\r\n").read();
            Map<String, Object> environ = JsonTree.parseObject(response.text());
            assertEquals("HTTP/1.0", environ.get("SERVER_PROTOCOL"));
            assertEquals("127.0.0.1", environ.get("SERVER_NAME"));
            assertNull(environ.get("HTTP_HOST"));
        }
    }

    @Test
    void sleep() throws Exception {
        try (RawClient client = new RawClient(gateway.port())) {
            RawResponse response = client.send("GET /sleep?ms=10 HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals("slept 10 ms\n", response.text());
            // Body.of is a one-chunk Collection, and stays one through Lint: the server knows its length.
            assertEquals("12", response.header("Content-Length"));
        }
    }

    @Test
    void crashIs500WithoutBreakingARule() throws Exception {
        try (RawClient client = new RawClient(gateway.port())) {
            assertEquals(500, client.send("GET /crash HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
        }
    }

    @Test
    void uploadWithContentLength() throws Exception {
        byte[] body = new byte[1 << 20];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 7);
        }
        HttpRequest request = HttpRequest.newBuilder(gateway.baseUri().resolve("/upload"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        Map<String, Object> result = JsonTree.parseObject(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body());
        assertEquals(1L << 20, ((Number) result.get("bytes")).longValue());
        assertEquals(sha256(body), result.get("sha256"));
    }

    @Test
    void chunkedUploadAndExpectContinue() throws Exception {
        try (RawClient client = new RawClient(gateway.port())) {
            client.send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
            Map<String, Object> result = JsonTree.parseObject(client.read().text());
            assertEquals(5L, ((Number) result.get("bytes")).longValue());
            assertEquals(sha256("abcde".getBytes()), result.get("sha256"));

            client.send("POST /upload HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            assertEquals(100, client.read().status());
            client.send("hello");
            result = JsonTree.parseObject(client.read().text());
            assertEquals(sha256("hello".getBytes()), result.get("sha256"));
        }
    }

    @Test
    void streamChunkedAndCloseDelimited() throws Exception {
        try (RawClient client = new RawClient(gateway.port())) {
            RawResponse response = client.send("GET /stream?bytes=100000&chunk=7000 HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals("chunked", response.header("Transfer-Encoding"));
            assertEquals(100_000, response.body().length);
            assertEquals('a' + 99_999 % 26, response.body()[99_999]);
        }
        try (RawClient client = new RawClient(gateway.port())) {
            RawResponse response = client.send("GET /stream?bytes=1000&chunk=100 HTTP/1.0\r\n\r\n").read();
            assertEquals(1000, response.body().length);
        }
    }

    @Test
    void streamBodyIsClosedWhenTheClientGoesAway() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /stream?bytes=1000000000&chunk=65536 HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertTrue(socket.getInputStream().read(new byte[4096]) > 0, "the response started");
        }
        // A gigabyte is far more than the socket buffers hold: the server is still iterating when the
        // client leaves, and must then stop and close the body.
        awaitBodiesClosed(lint, "the abandoned body to be closed");
    }

    /** Waits (at most 10 s, a hang guard) until the server closed every body {@code lint} saw. */
    private static void awaitBodiesClosed(Lint lint, String what) {
        Await.until(Duration.ofSeconds(10), what, () -> lint.openBodies() == 0, () -> lint.openBodies() + " still open");
    }

    @Test
    void echoEnvironOverAUnixSocket(@TempDir Path dir) throws Exception {
        Lint unixLint = new Lint(new EchoEnviron());
        Path socket = dir.resolve("gateway.sock");
        String text;
        RunningGateway unix = Gateway.builder(unixLint).bind("unix:" + socket).start();
        try (unix; SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            channel.write(ByteBuffer.wrap("GET /echo HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            text = new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.ISO_8859_1);
            awaitBodiesClosed(unixLint, "the body to be closed");
        }
        Map<String, Object> environ = JsonTree.parseObject(text.substring(text.indexOf("\r\n\r\n") + 4));
        assertEquals("", environ.get("REMOTE_ADDR"));
        assertEquals("", environ.get("REMOTE_PORT"));
        assertEquals("", environ.get("SERVER_PORT"));
        unixLint.verify();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
