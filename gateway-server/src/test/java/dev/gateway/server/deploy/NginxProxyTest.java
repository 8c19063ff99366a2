package dev.gateway.server.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gateway.server.config.Settings;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.server.support.JsonTree;
import dev.gateway.spi.Application;
import dev.gateway.testapps.EchoEnviron;
import dev.gateway.testapps.Sleep;
import dev.gateway.testapps.Stream;
import dev.gateway.testapps.Upload;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
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

    @TempDir
    static Path dir;

    private static RunningGateway gateway;
    private static Process nginx;
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
        if (path.startsWith("/slow")) {
            return new Sleep().call(environ, start);
        }
        return new EchoEnviron().call(environ, start);
    };

    @BeforeAll
    static void startNginxAndGateway() throws Exception {
        Path binary = Path.of("/usr/sbin/nginx");
        if (!Files.isExecutable(binary)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("nginx is not installed; .ci/run must install it (apt-get install nginx-light)");
            }
            Assumptions.abort("nginx is not installed here (apt-get install nginx-light); CI runs this test");
        }
        Path socket = dir.resolve("gateway.sock");
        gateway = Gateway.builder(ROUTES).bind("unix:" + socket).set(Settings.THREADS, 4).start();
        Files.createDirectories(dir.resolve("www/static"));
        Files.writeString(dir.resolve("www/static/hello.txt"), "static hello\n");
        Files.createDirectories(dir.resolve("logs"));
        int port = freePort();
        Files.writeString(dir.resolve("nginx.conf"), configure(socket, port));
        nginx = new ProcessBuilder(binary.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(dir.resolve("logs/nginx.out").toFile()).start();
        awaitPort(port);
        base = URI.create("http://127.0.0.1:" + port + "/");
    }

    /** docs/deploy/nginx.conf with this test's paths and port: the documented file is the tested file. */
    private static String configure(Path socket, int port) throws IOException {
        String project = System.getProperty("gateway.project.dir", "..");
        String template = Files.readString(Path.of(project, "docs/deploy/nginx.conf"));
        String config = template
                .replace("worker_processes auto;", "worker_processes 1;")
                .replace("/run/nginx.pid", dir.resolve("nginx.pid").toString())
                .replace("/var/log/nginx/", dir.resolve("logs").toString() + File.separator)
                .replace("unix:/run/gateway/gateway.sock", "unix:" + socket)
                .replace("listen 80;", "listen 127.0.0.1:" + port + ";")
                .replace("root /srv/app;", "root " + dir.resolve("www") + ";");
        // Temp folders inside the test directory: nginx must not need root-owned paths.
        String temps = "    client_body_temp_path " + dir.resolve("tmp-body") + ";\n"
                + "    proxy_temp_path " + dir.resolve("tmp-proxy") + ";\n"
                + "    fastcgi_temp_path " + dir.resolve("tmp-fastcgi") + ";\n"
                + "    uwsgi_temp_path " + dir.resolve("tmp-uwsgi") + ";\n"
                + "    scgi_temp_path " + dir.resolve("tmp-scgi") + ";\n";
        config = config.replace("http {\n", "http {\n" + temps);
        // As root, nginx's workers would drop to 'nobody' and could not enter the test's private
        // folder; in production the socket's group and --umask give the proxy access instead.
        return "root".equals(System.getProperty("user.name")) ? "user root;\n" + config : config;
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(5, TimeUnit.SECONDS)) {
                nginx.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private static HttpResponse<byte[]> send(HttpRequest request) throws Exception {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
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
        CompletableFuture<HttpResponse<byte[]>> slow = CLIENT.sendAsync(
                HttpRequest.newBuilder(base.resolve("/slow?ms=3000")).build(), HttpResponse.BodyHandlers.ofByteArray());
        Thread.sleep(200);
        HttpResponse<byte[]> fast = send(HttpRequest.newBuilder(base.resolve("/echo")).build());
        assertEquals(200, fast.statusCode());
        assertFalse(slow.isDone(), "the fast request finished while the slow one was still running");
        assertEquals(200, slow.get(10, TimeUnit.SECONDS).statusCode());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitPort(int port) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            if (!nginx.isAlive()) {
                fail("nginx exited: " + Files.readString(dir.resolve("logs/nginx.out")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        fail("nginx did not listen on " + port + " within 10 s");
    }

}
