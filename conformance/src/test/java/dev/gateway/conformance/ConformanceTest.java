package dev.gateway.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.conformance.Host.Kind;
import dev.gateway.spi.lint.LintError;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/**
 * The conformance suite: HTTP-level tests written once and run against every host of a gateway
 * application (gateway itself, Tomcat 11 and Jetty 12.1 through GatewayServlet), over real sockets with
 * the JDK's client and a raw one. Every test app and example is served behind one Lint per host; after
 * each test no rule may be broken and every body must be closed, and each host starts and stops the
 * application exactly once. Where hosts differ by design the test says so and docs/spec.md lists it
 * ("Servlet containers as hosts").
 */
@Timeout(60)
class ConformanceTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<Kind, Site> SITES = new EnumMap<>(Kind.class);
    private static final Map<Kind, Integer> CHECKED = new EnumMap<>(Kind.class);
    /** Seeds the random bodies; a failure names it, and {@code -Dgateway.test.seed=N} repeats the run. */
    private static final long SEED = Long.getLong("gateway.test.seed", System.nanoTime());

    private Site site;

    /** The site of {@code kind}, started on first use and kept for the rest of the suite. */
    private Site site(Kind kind) throws Exception {
        synchronized (SITES) {
            Site started = SITES.get(kind);
            if (started == null) {
                started = new Site(kind);
                SITES.put(kind, started);
                CHECKED.put(kind, 0);
            }
            site = started;
            return started;
        }
    }

    /** No rule of docs/spec.md broken during the test, and every body the host was given closed. */
    @AfterEach
    void lintFoundNothing() {
        if (site == null) {
            return;
        }
        await(() -> site.lint.openBodies() == 0, site.kind + ": every body of the test closed");
        List<LintError> violations = site.lint.violations();
        List<LintError> fresh = violations.subList(CHECKED.get(site.kind), violations.size());
        CHECKED.put(site.kind, violations.size());
        assertEquals(List.of(), List.copyOf(fresh), site.kind + ": Lint found a broken rule");
    }

    /** Each host stopped the application once, after starting it once, and Lint saw a clean lifecycle. */
    @AfterAll
    static void stopEveryHost() throws Exception {
        for (Site site : SITES.values()) {
            site.close();
            assertEquals(1, site.startups.get(), site.kind + ": startup() once");
            assertEquals(1, site.shutdowns.get(), site.kind + ": shutdown() once");
            site.lint.verify();
        }
        SITES.clear();
    }

    // ---- status, headers and bodies ----

    @OnEveryHost
    void helloTestApp(Kind kind) throws Exception {
        HttpResponse<String> response = get(kind, "/t/hello");
        assertEquals(200, response.statusCode());
        assertEquals("Hello, World!", response.body());
        assertEquals("13", header(response, "Content-Length"));
        assertEquals("text/plain", header(response, "Content-Type"));
    }

    @OnEveryHost
    void helloExampleGetsItsLengthFromItsOneChunk(Kind kind) throws Exception {
        try (RawClient client = raw(kind)) {
            RawClient.Response response = client.send("GET /ex/hello HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals("Hello, World!\n", response.text());
            assertEquals("14", response.header("Content-Length"));
            assertNull(response.header("Transfer-Encoding"));
            // The containers parse Content-Type and write it back without the optional space (RFC 9110
            // section 8.3.1 makes both the same type): docs/spec.md lists it.
            assertEquals(kind == Kind.GATEWAY ? "text/plain; charset=utf-8" : "text/plain;charset=utf-8", response.header("Content-Type"));
        }
    }

    @OnEveryHost
    void statusAndRepeatedHeadersAsGiven(Kind kind) throws Exception {
        try (RawClient client = raw(kind)) {
            RawClient.Response response = client.send("GET /probe/status?code=201&reason=Made+It HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(201, response.status());
            assertEquals("status 201\n", response.text());
            List<String> probes = response.headers().stream().filter(h -> h[0].equalsIgnoreCase("X-Probe")).map(h -> h[1]).toList();
            assertEquals(List.of("a, b", "c"), probes, "a repeated header stays two fields, in order");
            // A Servlet container cannot send the application's reason phrase: docs/spec.md lists it.
            String reason = switch (kind) {
                case GATEWAY -> "Made It";
                case TOMCAT -> "";
                case JETTY -> "Created";
            };
            assertEquals(reason, response.reason());
            assertTrue(response.header("Date") != null, "every host sends Date");
            String server = response.header("Server");
            switch (kind) {
                case GATEWAY -> assertEquals("gateway", server);
                case TOMCAT -> assertNull(server);
                case JETTY -> assertTrue(server != null && server.startsWith("Jetty(12.1"), server);
            }
        }
    }

    @OnEveryHost
    void noContentAndNotModifiedHaveNoBody(Kind kind) throws Exception {
        try (RawClient client = raw(kind)) {
            RawClient.Response noContent = client.send("GET /probe/status?code=204 HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(204, noContent.status());
            assertNull(noContent.header("Content-Length"));
            assertNull(noContent.header("Transfer-Encoding"));
            RawClient.Response notModified = client.send("GET /probe/status?code=304 HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(304, notModified.status());
            // The connection still frames the next response right: no stray body bytes.
            assertEquals("Hello, World!", client.send("GET /t/hello HTTP/1.1\r\nHost: x\r\n\r\n").read().text());
        }
    }

    @OnEveryHost
    void anEmptyBodyHasLengthZero(Kind kind) throws Exception {
        HttpResponse<String> response = get(kind, "/probe/empty");
        assertEquals(200, response.statusCode());
        assertEquals("", response.body());
        assertEquals("0", header(response, "Content-Length"));
    }

    @OnEveryHost
    void startDuringTheIteration(Kind kind) throws Exception {
        HttpResponse<String> response = get(kind, "/probe/late-start");
        assertEquals(202, response.statusCode());
        assertEquals("late\n", response.body());
    }

    @OnEveryHost
    void excInfoReplacesTheStatusBeforeTheHead(Kind kind) throws Exception {
        HttpResponse<String> response = get(kind, "/probe/excinfo");
        assertEquals(503, response.statusCode());
        assertEquals("1", header(response, "Retry-After"));
        assertEquals("try again\n", response.body());
    }

    @OnEveryHost
    void theWriteCallableAndTheBodyShareTheResponse(Kind kind) throws Exception {
        HttpResponse<String> response = get(kind, "/probe/write");
        assertEquals("written then returned", response.body());
    }

    @OnEveryHost
    void aBodyLongerThanItsContentLengthIsCut(Kind kind) throws Exception {
        try (RawClient client = raw(kind)) {
            RawClient.Response response = client.send("GET /unlinted/long?id=long HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals("3", response.header("Content-Length"));
            assertEquals("abc", response.text());
            if (kind == Kind.GATEWAY) {
                assertTrue(client.closedByServer(), "gateway ends the connection after a cut body");
            } else {
                // The containers wrote exactly the announced bytes: the connection stays usable (docs/spec.md).
                assertEquals("Hello, World!", client.send("GET /t/hello HTTP/1.1\r\nHost: x\r\n\r\n").read().text());
            }
        }
        awaitClosedOnce(kind, "long");
    }

    @OnEveryHost
    void aBodyShorterThanItsContentLengthEndsTheConnection(Kind kind) throws Exception {
        try (RawClient client = raw(kind)) {
            RawClient.Response response = client.send("GET /unlinted/short?id=short HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals("5", response.header("Content-Length"));
            assertFalse(response.complete(), "the client sees a truncated body, not a complete one");
            assertEquals("abc", response.text());
        }
        awaitClosedOnce(kind, "short");
    }

    // ---- the environ ----

    @OnEveryHost
    void theEnvironIsTheSameOnEveryHost(Kind kind) throws Exception {
        int port = site(kind).host.port();
        HttpRequest request = HttpRequest.newBuilder(site(kind).host.uri("/t/echo/a%20b/%C3%A9;p=1?q=%20&r=1+2"))
                .header("X-Custom", "v").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("payload")).build();
        Map<String, Object> environ = Json.object(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("POST", environ.get("REQUEST_METHOD"));
        assertEquals("/t/echo", environ.get("SCRIPT_NAME"));
        assertEquals("/a b/\u00c3\u00a9;p=1", environ.get("PATH_INFO"), "percent-decoded byte for byte, path parameters kept");
        assertEquals("q=%20&r=1+2", environ.get("QUERY_STRING"), "not decoded");
        assertEquals("/t/echo/a%20b/%C3%A9;p=1?q=%20&r=1+2", environ.get("RAW_URI"));
        assertEquals("HTTP/1.1", environ.get("SERVER_PROTOCOL"));
        assertEquals("127.0.0.1", environ.get("SERVER_NAME"));
        assertEquals(Integer.toString(port), environ.get("SERVER_PORT"));
        assertEquals("127.0.0.1", environ.get("REMOTE_ADDR"));
        assertTrue(((String) environ.get("REMOTE_PORT")).matches("\\d+"));
        assertEquals("v", environ.get("HTTP_X_CUSTOM"));
        assertEquals("text/plain", environ.get("CONTENT_TYPE"));
        assertEquals("7", environ.get("CONTENT_LENGTH"));
        assertEquals(Base64.getEncoder().encodeToString("payload".getBytes()), environ.get("body_base64"));
        assertEquals("http", environ.get("gateway.url_scheme"));
        assertEquals(Boolean.TRUE, environ.get("gateway.multithread"));
        assertEquals(Boolean.FALSE, environ.get("gateway.multiprocess"));
        assertEquals(Boolean.FALSE, environ.get("gateway.run_once"));
        assertEquals(Boolean.TRUE, environ.get("gateway.input_terminated"));
        assertNull(environ.get("HTTP_CONTENT_LENGTH"));
    }

    @OnEveryHost
    void repeatedHeadersJoinCookiesWithSemicolonsUnderscoresDropped(Kind kind) throws Exception {
        try (RawClient client = raw(kind)) {
            Map<String, Object> environ = Json.object(client.send("GET /t/echo HTTP/1.1\r\nHost: example.org:8080\r\n"
                    + "X-Multi: a\r\nX-Multi: b\r\nCookie: a=1\r\nCookie: b=2\r\nX_Forwarded_For: 6.6.6.6\r\n\r\n").read().text());
            assertEquals("a,b", environ.get("HTTP_X_MULTI"));
            assertEquals("a=1; b=2", environ.get("HTTP_COOKIE"));
            assertNull(environ.get("HTTP_X_FORWARDED_FOR"), "a name with _ could pass for X-Forwarded-For");
            assertEquals("example.org", environ.get("SERVER_NAME"));
            assertEquals("8080", environ.get("SERVER_PORT"));
        }
    }

    @OnEveryHost
    void http10WithoutHostNamesTheListener(Kind kind) throws Exception {
        try (RawClient client = raw(kind)) {
            Map<String, Object> environ = Json.object(client.send("GET /t/echo HTTP/1.0\r\n\r\n").read().text());
            assertEquals("HTTP/1.0", environ.get("SERVER_PROTOCOL"));
            assertEquals("127.0.0.1", environ.get("SERVER_NAME"));
            assertEquals(Integer.toString(site(kind).host.port()), environ.get("SERVER_PORT"));
            assertNull(environ.get("HTTP_HOST"));
        }
    }

    @OnEveryHost
    void anEncodedSlashIsDecodedByGatewayAndRefusedByTheContainers(Kind kind) throws Exception {
        HttpResponse<String> response = get(kind, "/t/echo/a%2Fb");
        if (kind == Kind.GATEWAY) {
            assertEquals("/a/b", Json.object(response.body()).get("PATH_INFO"));
        } else {
            // Tomcat's encodedSolidusHandling and Jetty's URI compliance refuse %2F by default: docs/spec.md.
            assertEquals(400, response.statusCode());
        }
    }

    @OnEveryHost
    void theAsteriskTargetReachesTheApplicationOnGatewayOnly(Kind kind) throws Exception {
        try (RawClient client = raw(kind)) {
            RawClient.Response response = client.send("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n").read();
            // Mount answers "no application at *": gateway calls the application with PATH_INFO "*". A
            // container maps servlets to paths, and "*" is none: it answers itself (docs/spec.md).
            switch (kind) {
                case GATEWAY -> assertEquals("no application at *\n", response.text());
                case TOMCAT -> {
                    assertEquals(200, response.status());
                    assertEquals("GET, HEAD, POST, PUT, DELETE, OPTIONS", response.header("Allow"));
                    assertEquals("", response.text());
                }
                case JETTY -> {
                    assertEquals(404, response.status());
                    assertEquals("", response.text());
                }
            }
        }
    }

    @OnEveryHost
    void rawNonAsciiBytesInTheTargetAreTakenByGatewayAndRefusedByTheContainers(Kind kind) throws Exception {
        try (RawClient client = raw(kind)) {
            byte[] utf8 = "GET /t/echo/\u00c3\u00a9?x=\u00c3\u00a9 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            RawClient.Response response = client.send(utf8).read();
            if (kind == Kind.GATEWAY) {
                Map<String, Object> environ = Json.object(response.text());
                assertEquals("/\u00c3\u00a9", environ.get("PATH_INFO"), "byte for byte");
                assertEquals("x=\u00c3\u00a9", environ.get("QUERY_STRING"));
            } else {
                // RFC 9112 section 3.2 allows no such byte in a target: both containers hold to it (docs/spec.md).
                assertEquals(400, response.status());
            }
        }
    }

    @OnEveryHost
    void everyMethodReachesTheApplicationButTraceOnTomcat(Kind kind) throws Exception {
        try (RawClient client = raw(kind)) {
            Map<String, Object> purge = Json.object(client.send("PURGE /t/echo HTTP/1.1\r\nHost: x\r\n\r\n").read().text());
            assertEquals("PURGE", purge.get("REQUEST_METHOD"), "an extension method is the application's to answer");
            RawClient.Response trace = client.send("TRACE /t/echo HTTP/1.1\r\nHost: x\r\n\r\n").read();
            // Tomcat's connector refuses TRACE before any servlet runs (allowTrace is off): docs/spec.md.
            if (kind == Kind.TOMCAT) {
                assertEquals(405, trace.status());
            } else {
                assertEquals("TRACE", Json.object(trace.text()).get("REQUEST_METHOD"));
            }
        }
    }

    @OnEveryHost
    void theEnvironDumpExample(Kind kind) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(site(kind).host.uri("/ex/environ/x?y=1")).header("X-Html", "<z>").build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(header(response, "Content-Type").matches("text/html; ?charset=utf-8"));
        assertTrue(response.body().contains("<th>PATH_INFO</th><td>/x</td>"), response.body());
        assertTrue(response.body().contains("<th>gateway.multithread</th><td>true</td>"));
        assertTrue(response.body().contains("<th>HTTP_X_HTML</th><td>&lt;z&gt;</td>"), "escaped");
    }

    // ---- request bodies ----

    @OnEveryHost
    void aLargeUploadIsStreamedToTheApplication(Kind kind) throws Exception {
        byte[] body = randomBytes(8 << 20);
        HttpRequest request = HttpRequest.newBuilder(site(kind).host.uri("/t/upload"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        Map<String, Object> result = Json.object(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body());
        assertEquals((long) body.length, result.get("bytes"), "seed " + SEED);
        assertEquals(sha256(body), result.get("sha256"), "seed " + SEED);
    }

    @OnEveryHost
    void aChunkedUploadHasNoContentLength(Kind kind) throws Exception {
        try (RawClient client = raw(kind)) {
            String chunked = "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
            Map<String, Object> upload = Json.object(client.send("POST /t/upload HTTP/1.1\r\nHost: x\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + chunked).read().text());
            assertEquals(5L, upload.get("bytes"));
            assertEquals(sha256("abcde".getBytes()), upload.get("sha256"));
            Map<String, Object> environ = Json.object(client.send("POST /t/echo HTTP/1.1\r\nHost: x\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + chunked).read().text());
            assertNull(environ.get("CONTENT_LENGTH"));
            assertEquals(Base64.getEncoder().encodeToString("abcde".getBytes()), environ.get("body_base64"));
        }
    }

    @OnEveryHost
    void expectContinueInvitesTheBody(Kind kind) throws Exception {
        try (RawClient client = raw(kind)) {
            client.send("POST /t/upload HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            assertEquals(100, client.read().status());
            Map<String, Object> result = Json.object(client.send("hello").read().text());
            assertEquals(sha256("hello".getBytes()), result.get("sha256"));
        }
    }

    @OnEveryHost
    void expectContinueForAnApplicationThatDoesNotRead(Kind kind) throws Exception {
        try (RawClient client = raw(kind)) {
            client.send("POST /t/hello HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            RawClient.Response first = client.read();
            // Tomcat answers the expectation before the servlet runs; gateway and Jetty only once the
            // application reads, which this one never does: docs/spec.md lists it.
            assertEquals(kind == Kind.TOMCAT ? 100 : 200, first.status());
            RawClient.Response response = first.status() == 100 ? client.read() : first;
            assertEquals("Hello, World!", response.text());
        }
    }

    @OnEveryHost
    void theUploadChecksumExample(Kind kind) throws Exception {
        byte[] body = randomBytes(1 << 20);
        HttpRequest request = HttpRequest.newBuilder(site(kind).host.uri("/ex/checksum"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        assertEquals(body.length + " bytes, sha256 " + sha256(body) + "\n", CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body(),
                "seed " + SEED);
    }

    @OnEveryHost
    void bodyDigestInPiecesIsChunked(Kind kind) throws Exception {
        try (RawClient client = raw(kind)) {
            RawClient.Response response = client.send("POST /t/digest/x?pieces=5 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc").read();
            assertEquals("chunked", response.header("Transfer-Encoding"));
            assertEquals("POST /x?pieces=5 3 " + sha256("abc".getBytes()) + "\n", response.text());
        }
    }

    // ---- downloads ----

    @OnEveryHost
    void aLargeStreamedDownloadIsChunkedAndWhole(Kind kind) throws Exception {
        try (RawClient client = raw(kind)) {
            RawClient.Response response = client.send("GET /t/stream?bytes=8388608&chunk=65536 HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals("chunked", response.header("Transfer-Encoding"));
            assertEquals(8 << 20, response.body().length);
            for (int i = 0; i < response.body().length; i += 4099) {
                assertEquals('a' + i % 26, response.body()[i]);
            }
        }
    }

    @OnEveryHost
    void http10StreamEndsWithTheConnection(Kind kind) throws Exception {
        try (RawClient client = raw(kind)) {
            RawClient.Response response = client.send("GET /t/stream?bytes=100000&chunk=7000 HTTP/1.0\r\n\r\n").read();
            assertNull(response.header("Transfer-Encoding"));
            assertEquals(100_000, response.body().length);
            assertTrue(client.closedByServer());
        }
    }

    @OnEveryHost
    void eachChunkIsSentAsItComes(Kind kind) throws Exception {
        Site site = site(kind);
        CountDownLatch gate = new CountDownLatch(1);
        site.probes.gate = gate;
        try (Socket socket = new Socket("127.0.0.1", site.host.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /probe/gate HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            readUntil(in, "first\n"); // the application waits for this before it makes the next chunk
            gate.countDown();
            readUntil(in, "second\n");
        }
    }

    @OnEveryHost
    void headHasTheHeadersAndNoBody(Kind kind) throws Exception {
        try (RawClient client = raw(kind)) {
            RawClient.Response hello = client.send("HEAD /t/hello HTTP/1.1\r\nHost: x\r\n\r\n").read(true);
            assertEquals(200, hello.status());
            assertEquals("13", hello.header("Content-Length"));
            RawClient.Response stream = client.send("HEAD /t/stream?bytes=1000 HTTP/1.1\r\nHost: x\r\n\r\n").read(true);
            assertEquals(200, stream.status());
            RawClient.Response file = client.send("HEAD /ex/files/" + Site.FILE + " HTTP/1.1\r\nHost: x\r\n\r\n").read(true);
            assertEquals(Integer.toString(Site.FILE_SIZE), file.header("Content-Length"));
            // No body bytes came after any of them: the next response is read right.
            assertEquals("Hello, World!", client.send("GET /t/hello HTTP/1.1\r\nHost: x\r\n\r\n").read().text());
        }
    }

    @OnEveryHost
    void theFileDownloadExampleSendsAFileBody(Kind kind) throws Exception {
        byte[] expected = java.nio.file.Files.readAllBytes(site(kind).files.resolve(Site.FILE));
        try (RawClient client = raw(kind)) {
            RawClient.Response whole = client.send("GET /ex/files/" + Site.FILE + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(Integer.toString(Site.FILE_SIZE), whole.header("Content-Length"));
            assertArrayEquals(expected, whole.body());
            RawClient.Response range = client.send("GET /ex/files/" + Site.FILE + " HTTP/1.1\r\nHost: x\r\nRange: bytes=1000-1099\r\n\r\n").read();
            assertEquals(206, range.status());
            assertEquals("bytes 1000-1099/" + Site.FILE_SIZE, range.header("Content-Range"));
            assertArrayEquals(java.util.Arrays.copyOfRange(expected, 1000, 1100), range.body());
            assertEquals(404, client.send("GET /ex/files/nothing HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
        }
    }

    @OnEveryHost
    void theStreamingClockExample(Kind kind) throws Exception {
        HttpResponse<String> response = get(kind, "/ex/clock?ticks=3&interval=1");
        assertEquals(3, response.body().lines().count());
        assertTrue(response.body().lines().allMatch(line -> line.matches("\\d{4}-\\d\\d-\\d\\dT.*Z")), response.body());
    }

    // ---- frameworks and middleware ----

    @OnEveryHost
    void theMiddlewareChainExample(Kind kind) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(site(kind).host.uri("/ex/chain/")).header("Accept-Encoding", "gzip").build();
        HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElse(""));
        String text = new String(new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("request ") && text.contains("hello hello"), text);
        HttpResponse<String> failed = get(kind, "/ex/chain/fail");
        assertEquals(500, failed.statusCode());
    }

    @OnEveryHost
    void theMiniFrameworkExample(Kind kind) throws Exception {
        HttpRequest create = HttpRequest.newBuilder(site(kind).host.uri("/ex/framework/notes"))
                .POST(HttpRequest.BodyPublishers.ofString("buy milk")).build();
        HttpResponse<String> created = CLIENT.send(create, HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode());
        String id = created.body().replaceAll("\\D+", "");
        HttpResponse<String> read = get(kind, "/ex/framework/notes/" + id);
        assertEquals(200, read.statusCode());
        assertTrue(read.body().contains("buy milk"), read.body());
        assertEquals(404, get(kind, "/ex/framework/notes/999999").statusCode());
    }

    @OnEveryHost
    void theSpringExampleThroughTheServletBridge(Kind kind) throws Exception {
        HttpRequest create = HttpRequest.newBuilder(site(kind).host.uri("/ex/spring/notes"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"buy milk\"}")).build();
        HttpResponse<String> created = CLIENT.send(create, HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        String id = created.body().replaceAll("\\D+", " ").trim();
        HttpResponse<String> read = get(kind, "/ex/spring/notes/" + id);
        assertEquals(created.body(), read.body());
        assertEquals(404, get(kind, "/ex/spring/notes/0").statusCode());
    }

    // ---- errors and close() ----

    @OnEveryHost
    void anExceptionFromCallIs500AndTheHostStaysUp(Kind kind) throws Exception {
        HttpResponse<String> crash = get(kind, "/t/crash");
        assertEquals(500, crash.statusCode());
        assertEquals("500 Internal Server Error\n", crash.body(), "a short text, never a stack trace");
        assertEquals(500, get(kind, "/probe/fail-before").statusCode());
        assertEquals("Hello, World!", get(kind, "/t/hello").body());
    }

    @OnEveryHost
    void anExceptionFromTheBodyBeforeTheHeadIs500AndClosesTheBody(Kind kind) throws Exception {
        HttpResponse<String> response = get(kind, "/probe/fail-in-body?id=fail-in-body");
        assertEquals(500, response.statusCode());
        awaitClosedOnce(kind, "fail-in-body");
    }

    @OnEveryHost
    void anExceptionAfterTheHeadEndsTheConnection(Kind kind) throws Exception {
        try (RawClient client = raw(kind)) {
            RawClient.Response response = client.send("GET /probe/fail-after?id=fail-after HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(200, response.status());
            assertFalse(response.complete(), "the client sees a truncated response, not a complete one");
            assertTrue(response.text().startsWith("partial"), response.text());
        }
        awaitClosedOnce(kind, "fail-after");
    }

    @OnEveryHost
    void closeIsCalledOnceWhenTheClientGoesAway(Kind kind) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", site(kind).host.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /probe/chunks?n=100000&size=65536&id=gone HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertTrue(socket.getInputStream().read(new byte[4096]) > 0, "the response started");
        }
        // Gigabytes are far more than the socket buffers hold: the host is still writing when it learns.
        awaitClosedOnce(kind, "gone");
    }

    @OnEveryHost
    void closeIsCalledOnceForEveryKindOfResponse(Kind kind) throws Exception {
        get(kind, "/probe/status?code=200&id=ok");
        get(kind, "/probe/chunks?n=3&size=10&id=chunks");
        get(kind, "/probe/empty?id=empty");
        try (RawClient client = raw(kind)) {
            client.send("HEAD /probe/chunks?n=3&size=10&id=head HTTP/1.1\r\nHost: x\r\n\r\n").read(true);
        }
        for (String id : List.of("ok", "chunks", "empty", "head")) {
            awaitClosedOnce(kind, id);
        }
    }

    // ---- concurrency ----

    @OnEveryHost
    void requestsRunConcurrently(Kind kind) throws Exception {
        Site site = site(kind);
        int parallel = 4; // gateway runs four worker threads here; the containers' pools are larger
        site.probes.barrier = new CyclicBarrier(parallel);
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            responses.add(CLIENT.sendAsync(HttpRequest.newBuilder(site.host.uri("/probe/together")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            assertEquals(200, response.get().statusCode(), "all were inside the application at once");
        }
    }

    @OnEveryHost
    void concurrentUploadsEachGetTheirOwnAnswer(Kind kind) throws Exception {
        Random random = new Random(SEED);
        List<byte[]> bodies = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            byte[] body = new byte[random.nextInt(200_000)];
            random.nextBytes(body);
            bodies.add(body);
            responses.add(CLIENT.sendAsync(HttpRequest.newBuilder(site(kind).host.uri("/t/digest/" + i))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < bodies.size(); i++) {
            assertEquals("POST /" + i + " " + bodies.get(i).length + " " + sha256(bodies.get(i)) + "\n", responses.get(i).get().body(),
                    "seed " + SEED);
        }
    }

    @OnEveryHost
    void sleepingRequestsDoNotBlockOthers(Kind kind) throws Exception {
        CompletableFuture<HttpResponse<String>> sleeping = CLIENT.sendAsync(
                HttpRequest.newBuilder(site(kind).host.uri("/t/sleep?ms=300")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("Hello, World!", get(kind, "/t/hello").body());
        assertEquals("slept 300 ms\n", sleeping.get().body());
    }

    // ---- helpers ----

    private HttpResponse<String> get(Kind kind, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(site(kind).host.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private RawClient raw(Kind kind) throws Exception {
        return new RawClient(site(kind).host.port());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private void awaitClosedOnce(Kind kind, String id) throws Exception {
        Map<String, AtomicInteger> closes = site(kind).probes.closes;
        await(() -> closes.containsKey(id), kind + ": the body of " + id + " closed");
        assertEquals(1, closes.remove(id).get(), kind + ": close() exactly once for " + id);
    }

    /** Waits for {@code condition}, up to 10 seconds. */
    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static void readUntil(InputStream in, String text) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!seen.toString(StandardCharsets.ISO_8859_1).contains(text)) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("the connection ended before " + text.strip() + ": " + seen);
            }
            seen.write(buffer, 0, n);
        }
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(SEED).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
