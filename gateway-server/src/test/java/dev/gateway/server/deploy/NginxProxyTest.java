package dev.gateway.server.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gateway.server.config.Settings;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.server.support.Await;
import dev.gateway.server.support.JdkSocket;
import dev.gateway.server.support.JsonTree;
import dev.gateway.spi.Application;
import dev.gateway.testapps.EchoEnviron;
import dev.gateway.testapps.Sleep;
import dev.gateway.testapps.Sockets;
import dev.gateway.testapps.Stream;
import dev.gateway.testapps.Upload;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The canonical deployment, for real: nginx (Debian's package; .ci/run installs it) runs the exact
 * configuration of docs/deploy/nginx.conf on loopback, serves /static/ itself, and proxies the rest
 * to a gateway listening on a Unix socket. Without nginx on the machine the test is skipped, except
 * in CI ({@code CI=true}), where it fails instead, so a missing install cannot hide a failure.
 */
class NginxProxyTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final AtomicInteger APP_CALLS = new AtomicInteger();
    private static final AtomicInteger SLOW_CALLS = new AtomicInteger();

    @TempDir
    static Path dir;

    private static RunningGateway gateway;
    private static Nginx nginx;
    private static URI base;

    /** Dispatches by path to the test apps. */
    private static final Application ROUTES = (environ, start) -> {
        APP_CALLS.incrementAndGet();
        String path = environ.pathInfo();
        if (path.startsWith("/upload")) {
            return new Upload().call(environ, start);
        }
        if (path.startsWith("/download")) {
            return new Stream().call(environ, start);
        }
        if (path.startsWith("/ws/")) {
            return new Sockets().call(environ, start);
        }
        if (path.startsWith("/slow")) {
            SLOW_CALLS.incrementAndGet();
            return new Sleep().call(environ, start);
        }
        return new EchoEnviron().call(environ, start);
    };

    @BeforeAll
    static void startNginxAndGateway() throws Exception {
        Nginx.assumeInstalled();
        Path socket = dir.resolve("gateway.sock");
        gateway = Gateway.builder(ROUTES).bind("unix:" + socket).set(Settings.THREADS, 4).start();
        Files.createDirectories(dir.resolve("www/static"));
        Files.writeString(dir.resolve("www/static/hello.txt"), "static hello\n");
        Files.writeString(dir.resolve("www/static/site.css"), "body { color: black; }\n");
        nginx = Nginx.start("nginx.conf", dir);
        base = nginx.base();
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private static HttpResponse<byte[]> send(HttpRequest request) throws Exception {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void webSocketsPassThroughTheProxy() throws Exception {
        URI ws = URI.create(base.toString().replaceFirst("^http", "ws")).resolve("/ws/echo");
        JdkSocket first = JdkSocket.open(CLIENT, ws, "echo");
        JdkSocket second = JdkSocket.open(CLIENT, ws);
        assertEquals("echo", first.socket.getSubprotocol());
        assertEquals("through nginx", first.echo("through nginx"));
        assertEquals("part0;part1;", second.echo("fragments:2"));
        first.socket.sendText("close:4002", true).get(20, TimeUnit.SECONDS);
        assertEquals(4002, first.closeCode(), "the application's close code reaches the client");
        second.socket.sendClose(1000, "").get(20, TimeUnit.SECONDS);
        assertEquals(1000, second.closeCode());
        // Ordinary requests still go over nginx's keep-alive connections to gateway.
        assertEquals(200, send(HttpRequest.newBuilder(base.resolve("/after-sockets")).build()).statusCode());
    }

    @Test
    void staticFilesAreServedByNginxAlone() throws Exception {
        int before = APP_CALLS.get();
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(base.resolve("/static/hello.txt")).build());
        assertEquals(200, response.statusCode());
        assertEquals("static hello\n", new String(response.body(), StandardCharsets.UTF_8));
        assertEquals(before, APP_CALLS.get(), "the gateway must not see static requests");
    }

    @Test
    void aStylesheetGoesOutAsTextCss() throws Exception {
        // Browsers refuse a stylesheet served as text/plain: the config must include nginx's mime.types.
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(base.resolve("/static/site.css")).build());
        assertEquals(200, response.statusCode());
        assertEquals("text/css", response.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void requestsReachTheAppWithForwardedHeaders() throws Exception {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(base.resolve("/echo?x=1")).header("X-Custom", "yes").build());
        assertEquals(200, response.statusCode());
        Map<String, Object> environ = JsonTree.parseObject(new String(response.body(), StandardCharsets.UTF_8));
        assertEquals("/echo", environ.get("PATH_INFO"));
        assertEquals("x=1", environ.get("QUERY_STRING"));
        assertEquals("yes", environ.get("HTTP_X_CUSTOM"));
        assertEquals("127.0.0.1", environ.get("HTTP_X_FORWARDED_FOR"));
        // A Unix-socket peer (nginx) is trusted: its X-Forwarded-For names the client.
        assertEquals("127.0.0.1", environ.get("REMOTE_ADDR"));
        assertEquals("http", environ.get("HTTP_X_FORWARDED_PROTO"));
        assertEquals(base.getAuthority(), environ.get("HTTP_HOST"));
    }

    @Test
    void aLargeUploadArrivesIntact() throws Exception {
        byte[] payload = new byte[64 << 20];
        new java.util.Random(1).nextBytes(payload);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(base.resolve("/upload"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build());
        assertEquals(200, response.statusCode());
        Map<String, Object> result = JsonTree.parseObject(new String(response.body(), StandardCharsets.UTF_8));
        assertEquals((long) payload.length, result.get("bytes"));
        assertEquals(sha, result.get("sha256"));
    }

    @Test
    void aLargeDownloadArrivesIntact() throws Exception {
        int size = 64 << 20;
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(base.resolve("/download?bytes=" + size + "&chunk=65536")).build());
        assertEquals(200, response.statusCode());
        byte[] expected = new byte[size];
        for (int i = 0; i < size; i++) {
            expected[i] = (byte) ('a' + i % 26);
        }
        assertArrayEquals(expected, response.body());
    }

    @Test
    void manyKeepAliveRequests() throws Exception {
        for (int i = 0; i < 300; i++) {
            HttpResponse<byte[]> response = send(HttpRequest.newBuilder(base.resolve("/echo?i=" + i)).build());
            assertEquals(200, response.statusCode(), "request " + i);
        }
    }

    @Test
    void aSlowRequestDoesNotBlockAFastOne() throws Exception {
        int slowCalls = SLOW_CALLS.get();
        CompletableFuture<HttpResponse<byte[]>> slow = CLIENT.sendAsync(
                HttpRequest.newBuilder(base.resolve("/slow?ms=3000")).build(), HttpResponse.BodyHandlers.ofByteArray());
        Await.until(Duration.ofSeconds(10), "the slow request to reach the application", () -> SLOW_CALLS.get() > slowCalls);
        HttpResponse<byte[]> fast = send(HttpRequest.newBuilder(base.resolve("/echo")).build());
        assertEquals(200, fast.statusCode());
        assertFalse(slow.isDone(), "the fast request finished while the slow one was still running");
        assertEquals(200, slow.get(10, TimeUnit.SECONDS).statusCode());
    }
}
