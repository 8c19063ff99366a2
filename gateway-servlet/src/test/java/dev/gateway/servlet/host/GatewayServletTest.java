package dev.gateway.servlet.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.servlet.ServletApplication;
import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.EnvironKeys;
import dev.gateway.spi.FileBody;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import dev.gateway.spi.lint.Lint;
import dev.gateway.spi.testing.TestClient;
import dev.gateway.spi.testing.TestRequest;
import dev.gateway.spi.testing.TestResponse;
import jakarta.servlet.ServletRegistration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GatewayServlet hosted by a Servlet container: here gateway-servlet's own, driven in process by the
 * TestClient, with a Lint around the hosted application so that the servlet's environ, iteration and
 * close() are checked as a server's. Tomcat and Jetty run the same servlet in the conformance suite.
 */
class GatewayServletTest {

    private final AtomicInteger closes = new AtomicInteger();

    /** Records the environ it got and answers with the text the test gives, in chunks. */
    private final class Recorder implements Application {
        final Map<String, Object> seen = new ConcurrentHashMap<>();
        final List<Header> headers;
        final Iterable<byte[]> chunks;

        Recorder(List<Header> headers, Iterable<byte[]> chunks) {
            this.headers = headers;
            this.chunks = chunks;
        }

        @Override
        public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
            environ.forEach((key, value) -> seen.put(key, value));
            environ.input().readAllBytes();
            startResponse.start("200 OK", headers);
            return Body.onClose(chunks, closes::incrementAndGet);
        }
    }

    private static ServletApplication host(Application application, String... patterns) {
        return ServletApplication.builder().servlet("gateway", new GatewayServlet(application), patterns).build();
    }

    private static List<byte[]> chunks(String... texts) {
        return java.util.Arrays.stream(texts).map(String::getBytes).toList();
    }

    private static Iterable<byte[]> lazy(String... texts) {
        return chunks(texts)::iterator;
    }

    @Test
    void environFromTheContainersRequestThroughTheOneBuilder() throws Exception {
        Recorder app = new Recorder(List.of(Header.of("Content-Type", "text/plain")), chunks("ok"));
        Lint lint = new Lint(app);
        try (ServletApplication host = host(lint, "/api/*")) {
            TestResponse response = new TestClient(host).send(TestRequest.post("/api/a%20b/%C3%A9?q=%20&r=1")
                    .header("X-Custom", "v").header("Content-Type", "text/plain").body("payload"));
            assertEquals("ok", response.text());
        }
        lint.verify();
        assertEquals("POST", app.seen.get("REQUEST_METHOD"));
        assertEquals("/api", app.seen.get("SCRIPT_NAME"), "SCRIPT_NAME is the context path and the servlet path");
        assertEquals("/a b/\u00c3\u00a9", app.seen.get("PATH_INFO"), "percent-decoded byte for byte");
        assertEquals("q=%20&r=1", app.seen.get("QUERY_STRING"));
        assertEquals("/api/a%20b/%C3%A9?q=%20&r=1", app.seen.get("RAW_URI"));
        assertEquals("v", app.seen.get("HTTP_X_CUSTOM"));
        assertEquals("7", app.seen.get("CONTENT_LENGTH"));
        assertEquals("text/plain", app.seen.get("CONTENT_TYPE"));
        assertEquals(Boolean.TRUE, app.seen.get(EnvironKeys.MULTITHREAD));
        assertEquals(Boolean.FALSE, app.seen.get(EnvironKeys.MULTIPROCESS));
    }

    @Test
    void theDefaultMappingLeavesTheWholePathToTheApplication() throws Exception {
        Recorder app = new Recorder(List.of(), chunks());
        try (ServletApplication host = host(app, "/")) {
            assertEquals(200, new TestClient(host).get("/x/y").statusCode());
        }
        assertEquals("", app.seen.get("SCRIPT_NAME"));
        assertEquals("/x/y", app.seen.get("PATH_INFO"));
    }

    @Test
    void aOneChunkBodyHasItsLengthAndAStreamIsSentChunkByChunk() throws Exception {
        try (ServletApplication host = host(new Lint(new Recorder(List.of(), chunks("hello"))), "/*")) {
            TestResponse response = new TestClient(host).get("/");
            assertEquals("5", response.header("Content-Length"));
            assertEquals("hello", response.text());
        }
        try (ServletApplication host = host(new Lint(new Recorder(List.of(), lazy("a", "", "b", "c"))), "/*")) {
            TestResponse response = new TestClient(host).get("/");
            assertNull(response.header("Content-Length"));
            assertEquals("abc", response.text());
        }
        assertEquals(2, closes.get());
    }

    @Test
    void headKeepsTheLengthAndSendsNoBody() throws Exception {
        try (ServletApplication host = host(new Lint(new Recorder(List.of(), chunks("hello"))), "/*")) {
            TestResponse response = new TestClient(host).send(TestRequest.head("/"));
            assertEquals("5", response.header("Content-Length"));
            assertEquals(0, response.body().length);
        }
        assertEquals(1, closes.get());
    }

    @Test
    void theBodyIsCutAtItsContentLength() throws Exception {
        Recorder app = new Recorder(List.of(Header.of("Content-Length", "3")), lazy("ab", "cd", "ef"));
        try (ServletApplication host = host(app, "/*")) {
            assertEquals("abc", TestClient.withoutLint(host).get("/").text());
        }
        assertEquals(1, closes.get());
    }

    @Test
    void aFileBodyIsSentWholeAndClosedOnce(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("data.bin"), "0123456789".repeat(10_000).getBytes());
        AtomicInteger files = new AtomicInteger();
        Application app = (environ, start) -> {
            start.start("200 OK", List.of(Header.of("Content-Type", "application/octet-stream")));
            FileBody body = FileBody.open(file);
            files.incrementAndGet();
            return new FileBody(body.channel(), 5, 99_990, 4096);
        };
        try (ServletApplication host = host(new Lint(app), "/*")) {
            TestResponse response = new TestClient(host).get("/");
            assertEquals("99990", response.header("Content-Length"));
            assertEquals(99_990, response.body().length);
            assertEquals('5', response.body()[0]);
        }
        assertEquals(1, files.get());
    }

    @Test
    void aFailureBeforeTheHeadIs500AndTheBodyIsClosed() throws Exception {
        Iterable<byte[]> failing = () -> {
            throw new IllegalStateException("on purpose");
        };
        Application app = (environ, start) -> {
            start.start("200 OK", List.of());
            return Body.onClose(failing, closes::incrementAndGet);
        };
        try (ServletApplication host = host(app, "/*")) {
            TestResponse response = new TestClient(host).get("/");
            assertEquals(500, response.statusCode());
            assertEquals("500 Internal Server Error\n", response.text());
        }
        assertEquals(1, closes.get());
    }

    @Test
    void aFailureAfterTheHeadReachesTheContainer() throws Exception {
        Iterable<byte[]> failing = () -> new java.util.Iterator<>() {
            private int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public byte[] next() {
                if (n++ > 0) {
                    throw new IllegalStateException("on purpose");
                }
                return "first".getBytes();
            }
        };
        Application app = (environ, start) -> {
            start.start("200 OK", List.of());
            return Body.onClose(failing, closes::incrementAndGet);
        };
        try (ServletApplication host = host(app, "/*")) {
            Exception e = assertThrows(Exception.class, () -> TestClient.withoutLint(host).get("/"));
            assertTrue(String.valueOf(e.getMessage()).contains("after the response started")
                    || String.valueOf(e.getCause()).contains("after the response started"), e.toString());
        }
        assertEquals(1, closes.get());
    }

    @Test
    void initStartsAndDestroyStopsTheApplication() throws Exception {
        AtomicInteger starts = new AtomicInteger();
        AtomicInteger stops = new AtomicInteger();
        Application app = new Application() {
            @Override
            public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
                startResponse.start("200 OK", List.of());
                return Body.of("started " + starts.get());
            }

            @Override
            public void startup() {
                starts.incrementAndGet();
            }

            @Override
            public void shutdown() {
                stops.incrementAndGet();
            }
        };
        Lint lint = new Lint(app);
        try (ServletApplication host = host(lint, "/*")) {
            assertEquals("started 1", new TestClient(host).get("/").text());
        }
        assertEquals(1, starts.get());
        assertEquals(1, stops.get());
        lint.verify();
    }

    @Test
    void theApplicationIsLoadedByName() throws Exception {
        try (ServletApplication host = named(r -> r.setInitParameter(GatewayServlet.APPLICATION, Named.class.getName()))) {
            assertEquals("named", new TestClient(host).get("/").text());
        }
        try (ServletApplication host = named(r -> r.setInitParameter(GatewayServlet.APPLICATION, Named.class.getName() + ":INSTANCE"))) {
            assertEquals("named", new TestClient(host).get("/").text());
        }
    }

    @Test
    void aMissingOrWrongNameFailsInitWithOneLine() {
        Exception missing = assertThrows(Exception.class, () -> deploy(r -> { }));
        assertTrue(messages(missing).contains("names no application: set its init-parameter 'application'"), messages(missing));
        Exception wrong = assertThrows(Exception.class,
                () -> deploy(r -> r.setInitParameter(GatewayServlet.APPLICATION, "com.example.Missing")));
        assertTrue(messages(wrong).contains("gateway application 'com.example.Missing' cannot be loaded: class com.example.Missing not found"),
                messages(wrong));
    }

    @Test
    void theInitializerRegistersTheNamedApplicationOnly() throws Exception {
        try (ServletApplication host = ServletApplication.builder().initParameter(GatewayInitializer.CONTEXT_PARAMETER, Named.class.getName())
                .initializer(new GatewayInitializer()).build()) {
            assertEquals("named", new TestClient(host).get("/any/path").text());
        }
        try (ServletApplication host = ServletApplication.builder().initializer(new GatewayInitializer()).build()) {
            assertEquals(404, new TestClient(host).get("/").statusCode());
        }
    }

    @Test
    void gatewayErrorsGoesToTheContainersLogOneLineARecord() throws Exception {
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        jakarta.servlet.ServletContext context = (jakarta.servlet.ServletContext) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {jakarta.servlet.ServletContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("log")) {
                        lines.add((String) args[0]);
                    }
                    return null;
                });
        java.io.PrintWriter errors = ServletEnviron.errors(context);
        errors.print("one ");
        errors.flush();
        errors.println("line");
        errors.println("two");
        assertEquals(List.of("one line", "two"), lines);
    }

    private static ServletApplication named(Consumer<ServletRegistration.Dynamic> configure) {
        return ServletApplication.builder().servlet("gateway", GatewayServlet.class, r -> {
            r.addMapping("/*");
            r.setLoadOnStartup(1);
            configure.accept(r);
        }).build();
    }

    /** Deploys (init of the load-on-startup servlet) and undeploys. */
    private static void deploy(Consumer<ServletRegistration.Dynamic> configure) {
        try (ServletApplication host = named(configure)) {
            host.startup();
        }
    }

    private static String messages(Throwable t) {
        StringBuilder out = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            out.append(c.getMessage()).append(" | ");
        }
        return out.toString();
    }

    /** An application with a public no-arg constructor and a static field, to load by name. */
    public static final class Named implements Application {
        public static final Application INSTANCE = new Named();

        @Override
        public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
            startResponse.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
            return Body.of("named");
        }
    }
}
