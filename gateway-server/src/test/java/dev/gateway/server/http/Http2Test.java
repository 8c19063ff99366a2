package dev.gateway.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.ConfigException;
import dev.gateway.server.config.ProxyProtocol;
import dev.gateway.server.config.Settings;
import dev.gateway.server.config.WorkerClass;
import dev.gateway.server.deploy.TestCertificates;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.server.support.JsonTree;
import dev.gateway.server.support.RawHttp2Client;
import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Header;
import dev.gateway.testapps.BodyDigest;
import dev.gateway.testapps.EchoEnviron;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP/2 with real clients: Java's HttpClient over TLS (ALPN {@code h2}) and curl with prior
 * knowledge over cleartext. Each stream runs the HTTP/1.1 path's exchange: the same environ but for
 * {@code SERVER_PROTOCOL}, the same application call, and many streams of one connection at once.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class Http2Test {

    @TempDir
    static Path dir;
    private static TestCertificates server;
    private static SSLContext clientTls;

    @BeforeAll
    static void certificates() throws Exception {
        server = TestCertificates.create(dir, "h2");
        clientTls = TestCertificates.clientContext(server, null);
    }

    private static Gateway h2(Gateway builder) {
        return builder.set(Settings.CERTFILE, server.certPem().toString()).set(Settings.KEYFILE, server.keyPem().toString())
                .set(Settings.HTTP_PROTOCOLS, List.of("h2", "h1"));
    }

    private static HttpClient client(HttpClient.Version version) {
        return HttpClient.newBuilder().sslContext(clientTls).version(version).build();
    }

    private static URI https(RunningGateway gateway, String path) {
        return URI.create("https://127.0.0.1:" + gateway.port() + path);
    }

    @Test
    void aStreamSeesTheEnvironOfAnHttp11RequestButItsProtocol() throws Exception {
        try (RunningGateway gateway = h2(Gateway.builder(new EchoEnviron())).start()) {
            HttpResponse<String> response = client(HttpClient.Version.HTTP_2).send(HttpRequest.newBuilder(https(gateway, "/echo?x=1"))
                    .header("Cookie", "a=1").header("X-Custom", "yes").POST(HttpRequest.BodyPublishers.ofString("hello")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, response.version());
            assertEquals(200, response.statusCode());
            Map<String, Object> environ = JsonTree.parseObject(response.body());
            assertEquals("HTTP/2.0", environ.get("SERVER_PROTOCOL"));
            assertEquals("POST", environ.get("REQUEST_METHOD"));
            assertEquals("/echo", environ.get("PATH_INFO"));
            assertEquals("x=1", environ.get("QUERY_STRING"));
            assertEquals("https", environ.get("gateway.url_scheme"));
            assertEquals("127.0.0.1:" + gateway.port(), environ.get("HTTP_HOST"), "from :authority");
            assertEquals("yes", environ.get("HTTP_X_CUSTOM"));
            assertEquals("a=1", environ.get("HTTP_COOKIE"));
            assertEquals("5", environ.get("CONTENT_LENGTH"));
            assertEquals("aGVsbG8=", environ.get("body_base64"));
            assertFalse(environ.containsKey("HTTP_TRANSFER_ENCODING"), environ.toString());
            assertTrue(environ.keySet().stream().noneMatch(k -> k.startsWith("HTTP_X_HTTP2")), environ.toString());
        }
    }

    @ParameterizedTest(name = "-k {0}")
    @ValueSource(strings = {"thread", "virtual", "process"})
    void aHundredConcurrentStreamsOnOneConnectionAreEachAnsweredWithTheirOwnResponse(String workerClass) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        try (RunningGateway gateway = h2(Gateway.builder(BodyDigest.class.getName()))
                .set(Settings.WORKER_CLASS, WorkerClass.of(workerClass)).set(Settings.THREADS, 4).start()) {
            HttpClient client = client(HttpClient.Version.HTTP_2);
            // One request first, so that the others share its connection instead of racing to open their own.
            assertEquals(HttpClient.Version.HTTP_2, client.send(HttpRequest.newBuilder(https(gateway, "/first")).build(),
                    HttpResponse.BodyHandlers.ofString()).version());
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                byte[] body = new byte[random.nextInt(3) == 0 ? random.nextInt(300_000) : random.nextInt(2000)];
                random.nextBytes(body);
                String target = "/s/" + i + "?pieces=" + (1 + random.nextInt(4));
                expected.add("POST " + target + " " + body.length + " " + sha256(body) + "\n");
                responses.add(client.sendAsync(HttpRequest.newBuilder(https(gateway, target))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < responses.size(); i++) {
                HttpResponse<String> response = responses.get(i).get(60, TimeUnit.SECONDS);
                assertEquals(HttpClient.Version.HTTP_2, response.version());
                assertEquals(expected.get(i), response.body(), "stream " + i + ", seed " + seed);
            }
        }
    }

    @Test
    void aLargeDownloadAndUploadFlowThroughTheWindows() throws Exception {
        try (RunningGateway gateway = h2(Gateway.builder(new dev.gateway.testapps.Stream())).start()) {
            HttpResponse<byte[]> response = client(HttpClient.Version.HTTP_2).send(
                    HttpRequest.newBuilder(https(gateway, "/?bytes=3000000&chunk=100000")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(HttpClient.Version.HTTP_2, response.version());
            assertEquals(3_000_000, response.body().length);
            for (int i = 0; i < response.body().length; i += 99_991) {
                assertEquals('a' + i % 26, response.body()[i], "byte " + i);
            }
        }
    }

    @Test
    void aOneChunkBodyArrivesWholeWhetherTheServerCopiesItOrSendsTheArrayItself() throws Exception {
        // Over one frame, a body without close() goes out from the array itself; one with close()
        // is copied, since the application may overwrite the array then (docs/spec.md, "Body and close()").
        byte[] frozen = new byte[1 << 20];
        new Random(7).nextBytes(frozen);
        String expected = sha256(frozen);
        Application app = (environ, start) -> {
            start.start("200 OK", List.of());
            if (environ.pathInfo().equals("/frozen")) {
                return Body.of(frozen);
            }
            byte[] pooled = frozen.clone();
            return Body.onClose(List.of(pooled), () -> java.util.Arrays.fill(pooled, (byte) '#'));
        };
        try (RunningGateway gateway = h2(Gateway.builder(app)).set(Settings.THREADS, 4).start()) {
            HttpClient client = client(HttpClient.Version.HTTP_2);
            client.send(HttpRequest.newBuilder(https(gateway, "/frozen")).build(), HttpResponse.BodyHandlers.discarding());
            List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                responses.add(client.sendAsync(HttpRequest.newBuilder(https(gateway, i % 2 == 0 ? "/frozen" : "/pooled")).build(),
                        HttpResponse.BodyHandlers.ofByteArray()));
            }
            for (int i = 0; i < responses.size(); i++) {
                HttpResponse<byte[]> response = responses.get(i).get(60, TimeUnit.SECONDS);
                assertEquals(HttpClient.Version.HTTP_2, response.version());
                assertEquals(expected, sha256(response.body()), "stream " + i);
            }
        }
    }

    @Test
    void aBodyOfUnknownLengthEndsWithTheStreamAndHeadGetsNoData() throws Exception {
        Application app = (environ, start) -> {
            start.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
            List<byte[]> pieces = List.of("hel".getBytes(StandardCharsets.US_ASCII), "lo".getBytes(StandardCharsets.US_ASCII));
            return pieces::iterator; // not a Collection: over HTTP/1.1 this would be chunked
        };
        try (RunningGateway gateway = h2(Gateway.builder(app)).start()) {
            HttpClient client = client(HttpClient.Version.HTTP_2);
            HttpResponse<String> get = client.send(HttpRequest.newBuilder(https(gateway, "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, get.version());
            assertEquals("hello", get.body());
            // RFC 9113 section 8.2.2: no connection-specific fields, Transfer-Encoding among them.
            for (String name : List.of("connection", "keep-alive", "transfer-encoding", "content-length")) {
                assertFalse(get.headers().firstValue(name).isPresent(), name + " in " + get.headers().map());
            }
            HttpResponse<String> head = client.send(HttpRequest.newBuilder(https(gateway, "/")).method("HEAD",
                    HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, head.statusCode());
            assertEquals("", head.body());
        }
    }

    @Test
    void anHttp11ClientIsStillServedOnTheSameListener() throws Exception {
        try (RunningGateway gateway = h2(Gateway.builder(new EchoEnviron())).start()) {
            HttpResponse<String> response = client(HttpClient.Version.HTTP_1_1).send(HttpRequest.newBuilder(https(gateway, "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_1_1, response.version());
            assertEquals("HTTP/1.1", JsonTree.parseObject(response.body()).get("SERVER_PROTOCOL"));
        }
    }

    @Test
    void theHealthPathAndServerMadeErrorsAnswerOnAStream() throws Exception {
        Application crash = (environ, start) -> {
            throw new IllegalStateException("on purpose");
        };
        try (RunningGateway gateway = h2(Gateway.builder(crash)).set(Settings.HEALTH_PATH, "/-/ready").start()) {
            HttpClient client = client(HttpClient.Version.HTTP_2);
            HttpResponse<String> ready = client.send(HttpRequest.newBuilder(https(gateway, "/-/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, ready.version());
            assertEquals("ready\n", ready.body());
            HttpResponse<String> failed = client.send(HttpRequest.newBuilder(https(gateway, "/boom")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(500, failed.statusCode());
            assertEquals("500 Internal Server Error\n", failed.body());
        }
    }

    @Test
    void cleartextPriorKnowledgeFromATrustedPeerIsHttp2AndPlainHttp11StillWorks() throws Exception {
        try (RunningGateway gateway = Gateway.builder(new EchoEnviron()).set(Settings.HTTP2_CLEARTEXT, "prior-knowledge").start()) {
            String base = "http://127.0.0.1:" + gateway.port();
            assertEquals("2 HTTP/2.0", curl("--http2-prior-knowledge", base + "/h2c"));
            assertEquals("1.1 HTTP/1.1", curl("--http1.1", base + "/h1"));
        }
    }

    @Test
    void cleartextPriorKnowledgeFromAnUntrustedPeerIsRefused() throws Exception {
        try (RunningGateway gateway = Gateway.builder(new EchoEnviron()).set(Settings.HTTP2_CLEARTEXT, "prior-knowledge")
                .set(Settings.FORWARDED_ALLOW_IPS, List.of("192.0.2.1")).start()) {
            String base = "http://127.0.0.1:" + gateway.port();
            assertNotEquals("2 HTTP/2.0", curl("--http2-prior-knowledge", base + "/h2c"));
            assertEquals("1.1 HTTP/1.1", curl("--http1.1", base + "/h1"));
        }
    }

    @Test
    void aProxyPreambleBeforeTheHttp2PrefaceNamesTheClientOfEveryStream() throws Exception {
        try (RunningGateway gateway = Gateway.builder(new EchoEnviron()).set(Settings.HTTP2_CLEARTEXT, "prior-knowledge")
                .set(Settings.PROXY_PROTOCOL, ProxyProtocol.V1).start();
             RawHttp2Client client = new RawHttp2Client(gateway.port(), 0,
                     "PROXY TCP4 203.0.113.7 127.0.0.1 5555 80\r\n".getBytes(StandardCharsets.US_ASCII))) {
            for (int stream : List.of(1, 3)) {
                client.request(stream, "GET", "/who", true);
                Map<String, Object> environ = JsonTree.parseObject(new String(client.body(stream), StandardCharsets.US_ASCII));
                assertEquals("203.0.113.7", environ.get("REMOTE_ADDR"), "stream " + stream);
                assertEquals("HTTP/2.0", environ.get("SERVER_PROTOCOL"));
            }
        }
    }

    @Test
    void javasHttpClientUpgradesACleartextConnectionFromATrustedPeer() throws Exception {
        try (RunningGateway gateway = Gateway.builder(new EchoEnviron()).set(Settings.HTTP2_CLEARTEXT, "upgrade").start()) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            URI base = URI.create("http://127.0.0.1:" + gateway.port());
            HttpResponse<String> first = client.send(HttpRequest.newBuilder(base.resolve("/up?x=1")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, first.version(), "the upgraded request is answered on stream 1");
            Map<String, Object> environ = JsonTree.parseObject(first.body());
            assertEquals("HTTP/2.0", environ.get("SERVER_PROTOCOL"));
            assertEquals("/up", environ.get("PATH_INFO"));
            assertFalse(environ.containsKey("HTTP_UPGRADE") || environ.containsKey("HTTP_HTTP2_SETTINGS"), environ.toString());
            HttpResponse<String> second = client.send(HttpRequest.newBuilder(base.resolve("/next"))
                    .POST(HttpRequest.BodyPublishers.ofString("body")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, second.version());
            assertEquals("Ym9keQ==", JsonTree.parseObject(second.body()).get("body_base64"));
        }
        try (RunningGateway gateway = Gateway.builder(new EchoEnviron()).set(Settings.HTTP2_CLEARTEXT, "upgrade")
                .set(Settings.FORWARDED_ALLOW_IPS, List.of("192.0.2.1")).start()) {
            HttpResponse<String> untrusted = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()
                    .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/")).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_1_1, untrusted.version(), "an untrusted peer stays on HTTP/1.1");
            assertEquals(200, untrusted.statusCode());
        }
    }

    @Test
    void h2WithoutTlsIsAClearConfigurationError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Gateway.builder(new EchoEnviron()).set(Settings.HTTP_PROTOCOLS, List.of("h1", "h2")).start().close());
        assertTrue(e.getMessage().contains("--http-protocols h2 needs TLS"), e.getMessage());
    }

    /** curl's HTTP version and the environ's SERVER_PROTOCOL, or curl's failure. */
    private static String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-m", "10", "-w", "\n%{http_version}"));
        command.addAll(List.of(args));
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(curl.waitFor(20, TimeUnit.SECONDS), "curl did not end");
            int newline = out.lastIndexOf('\n');
            String body = out.substring(0, newline);
            String version = out.substring(newline + 1);
            if (curl.exitValue() != 0 || !body.startsWith("{")) {
                return "curl exit " + curl.exitValue() + ": " + out;
            }
            return version + " " + JsonTree.parseObject(body).get("SERVER_PROTOCOL");
        } finally {
            curl.destroyForcibly();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
