package dev.gateway.spi.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Header;
import dev.gateway.spi.Middleware;
import dev.gateway.spi.lint.Lint;
import dev.gateway.spi.lint.LintError;
import dev.gateway.spi.lint.Rule;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TestClientTest {

    private static final Application HELLO = (environ, start) -> {
        start.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
        return Body.of("Hello, World!");
    };

    /** Answers the environ's CGI keys as {@code KEY=value} lines, and the body it read. */
    private static final Application ECHO = (environ, start) -> {
        byte[] body = environ.input().readAllBytes();
        Map<String, Object> sorted = new TreeMap<>(environ);
        StringBuilder out = new StringBuilder();
        sorted.forEach((key, value) -> {
            if (value instanceof String) {
                out.append(key).append('=').append(value).append('\n');
            }
        });
        out.append("body=").append(new String(body, StandardCharsets.ISO_8859_1));
        start.start("200 OK", List.of());
        return Body.of(out.toString());
    };

    @Test
    void getReturnsStatusHeadersAndBody() throws Exception {
        TestResponse response = new TestClient(HELLO).get("/any?x=1");
        assertEquals("200 OK", response.status());
        assertEquals(200, response.statusCode());
        assertEquals("text/plain", response.header("content-type"));
        assertEquals(List.of(Header.of("Content-Type", "text/plain")), response.headers());
        assertEquals("Hello, World!", response.text());
    }

    @Test
    void underAScriptNameThePrefixIsTheMountPointAndAPathOutsideItIsNotFound() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Application counting = (environ, start) -> {
            calls.incrementAndGet();
            return ECHO.call(environ, start);
        };
        TestClient client = new TestClient(counting).scriptName("/app");
        assertTrue(client.get("/app").text().contains("PATH_INFO=\nQUERY_STRING=\n"));
        assertTrue(client.get("/app/").text().contains("PATH_INFO=/\n"));
        for (String outside : List.of("/", "/other", "/application", "/ap")) {
            TestResponse response = client.get(outside);
            assertEquals("404 Not Found", response.status(), outside);
            assertEquals("Not Found\n", response.text(), outside);
        }
        assertEquals(2, calls.get(), "the application is called only under its mount point");
    }

    @Test
    void theEnvironComesFromTheServersBuilder() throws Exception {
        TestRequest request = TestRequest.post("/app/a%20b?q=%20&r")
                .header("Content-Type", "text/plain")
                .header("X-Twice", "1")
                .header("X-Twice", "2")
                .header("Cookie", "a=1")
                .header("cookie", "b=2")
                .header("X_Spoofed", "dropped")
                .body("payload");
        String text = new TestClient(ECHO).scriptName("/app").send(request).text();
        assertTrue(text.contains("REQUEST_METHOD=POST\n"), text);
        assertTrue(text.contains("SCRIPT_NAME=/app\n"), text);
        assertTrue(text.contains("PATH_INFO=/a b\n"), text);
        assertTrue(text.contains("QUERY_STRING=q=%20&r\n"), text);
        assertTrue(text.contains("RAW_URI=/app/a%20b?q=%20&r\n"), text);
        assertTrue(text.contains("CONTENT_TYPE=text/plain\n"), text);
        assertTrue(text.contains("CONTENT_LENGTH=7\n"), text);
        assertTrue(text.contains("HTTP_X_TWICE=1,2\n"), text);
        assertTrue(text.contains("HTTP_COOKIE=a=1; b=2\n"), text);
        assertTrue(text.contains("HTTP_HOST=localhost\n"), text);
        assertTrue(text.contains("SERVER_NAME=localhost\nSERVER_PORT=80\n"), text);
        assertTrue(text.contains("SERVER_PROTOCOL=HTTP/1.1\n"), text);
        assertTrue(!text.contains("SPOOFED"), text);
        assertTrue(text.endsWith("body=payload"), text);
    }

    @Test
    void aLintViolationFailsTheRequest() {
        Application hopByHop = (environ, start) -> {
            start.start("200 OK", List.of(Header.of("Transfer-Encoding", "chunked")));
            return Body.empty();
        };
        LintError error = assertThrows(LintError.class, () -> new TestClient(hopByHop).get("/"));
        assertEquals(Rule.HEADER_3, error.rule());
        assertTrue(error.getMessage().startsWith("HEADER-3: "), error.getMessage());
    }

    @Test
    void withoutLintTheServersOwnRulesStillApply() {
        Application hopByHop = (environ, start) -> {
            start.start("200 OK", List.of(Header.of("Transfer-Encoding", "chunked")));
            return Body.empty();
        };
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TestClient.withoutLint(hopByHop).get("/"));
        assertTrue(error.getMessage().contains("hop-by-hop"), error.getMessage());
    }

    @Test
    void aMiddlewareThatForgetsToCloseIsCaught() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        Application inner = (environ, start) -> {
            start.start("200 OK", List.of());
            return Body.onClose(List.of("a".getBytes(), "b".getBytes()), closes::incrementAndGet);
        };
        Lint lint = new Lint(inner);
        Application leaky = new Middleware(lint) {
            @Override
            public Iterable<byte[]> call(dev.gateway.spi.Environ environ, dev.gateway.spi.StartResponse start) throws Exception {
                Iterable<byte[]> body = next().call(environ, start);
                return () -> body.iterator(); // loses close()
            }
        };
        assertEquals("ab", new TestClient(leaky).get("/").text());
        assertEquals(0, closes.get());
        assertEquals(1, lint.openBodies());
        LintError error = assertThrows(LintError.class, lint::verify);
        assertEquals(Rule.BODY_5, error.rule());
    }

    @Test
    void theBodyIsClosedOnceAfterSuccessAndAfterFailure() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        Application ok = (environ, start) -> {
            start.start("200 OK", List.of());
            return Body.onClose(List.of("x".getBytes()), closes::incrementAndGet);
        };
        new TestClient(ok).get("/");
        assertEquals(1, closes.get());
        Application failing = (environ, start) -> {
            start.start("200 OK", List.of());
            return Body.onClose(() -> new Iterator<byte[]>() {
                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public byte[] next() {
                    throw new IllegalStateException("expected by the test");
                }
            }, closes::incrementAndGet);
        };
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> new TestClient(failing).get("/"));
        assertEquals("expected by the test", error.getMessage());
        assertEquals(2, closes.get());
    }

    @Test
    void headAnd204And304HaveNoBodyBytes() throws Exception {
        Application app = (environ, start) -> {
            String status = switch (environ.pathInfo()) {
                case "/204" -> "204 No Content";
                case "/304" -> "304 Not Modified";
                default -> "200 OK";
            };
            start.start(status, List.of());
            return environ.requestMethod().equals("GET") && !status.startsWith("200") ? Body.empty() : Body.of("body");
        };
        TestClient client = new TestClient(app);
        assertArrayEquals(new byte[0], client.send(TestRequest.head("/")).body());
        assertEquals("body", client.get("/").text());
        assertEquals(204, client.get("/204").statusCode());
        assertEquals(304, client.get("/304").statusCode());
    }

    @Test
    void excInfoBeforeTheFirstNonEmptyChunkReplacesTheStatus() throws Exception {
        Application app = (environ, start) -> {
            start.start("200 OK", List.of());
            return () -> new Iterator<byte[]>() {
                int step;

                @Override
                public boolean hasNext() {
                    return step < 2;
                }

                @Override
                public byte[] next() {
                    if (step++ == 0) {
                        return new byte[0];
                    }
                    start.start("503 Service Unavailable", List.of(), new RuntimeException("changed (expected)"));
                    return "late".getBytes();
                }
            };
        };
        TestResponse response = new TestClient(app).get("/");
        assertEquals("503 Service Unavailable", response.status());
        assertEquals("late", response.text());
    }

    @Test
    void excInfoAfterTheHeadRethrows() {
        RuntimeException cause = new RuntimeException("too late (expected)");
        Application app = (environ, start) -> {
            start.start("200 OK", List.of()).write("sent".getBytes());
            start.start("500 Internal Server Error", List.of(), cause);
            return Body.empty();
        };
        assertEquals(cause, assertThrows(RuntimeException.class, () -> new TestClient(app).get("/")));
    }

    @Test
    void aBodyLongerThanItsContentLengthIsCutWithoutLint() throws Exception {
        Application app = (environ, start) -> {
            start.start("200 OK", List.of(Header.of("Content-Length", "3")));
            return () -> List.of("ab".getBytes(), "cd".getBytes(), "ef".getBytes()).iterator();
        };
        assertEquals("abc", TestClient.withoutLint(app).get("/").text());
        assertEquals(Rule.BODY_6, assertThrows(LintError.class, () -> new TestClient(app).get("/")).rule());
    }

    @Test
    void aBodyWithoutStartFailsAsOnTheServer() {
        Application app = (environ, start) -> Body.of("x");
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> TestClient.withoutLint(app).get("/"));
        assertTrue(error.getMessage().contains("without calling start()"));
    }

    @Test
    void errorsAreCaptured() throws Exception {
        Application app = (environ, start) -> {
            environ.errors().println("careful");
            return HELLO.call(environ, start);
        };
        assertEquals("careful" + System.lineSeparator(), new TestClient(app).get("/").errors());
    }

    @Test
    void http10WithoutHostUsesTheLocalName() throws Exception {
        String text = new TestClient(ECHO).send(TestRequest.get("/").protocol("HTTP/1.0")).text();
        assertTrue(text.contains("SERVER_PROTOCOL=HTTP/1.0\n"), text);
        assertTrue(!text.contains("HTTP_HOST"), text);
        assertTrue(text.contains("SERVER_NAME=localhost\n"), text);
    }

    @Test
    void aHostWithAnEmptyPortMeansTheDefaultPort() throws Exception {
        String text = new TestClient(ECHO).send(TestRequest.get("/").header("Host", "example.com:")).text();
        assertTrue(text.contains("SERVER_NAME=example.com\nSERVER_PORT=80\n"), text);
    }

    @Test
    void httpsSetsTheSchemeAndDefaultPort() throws Exception {
        String text = new TestClient(ECHO).scheme("https").get("/").text();
        assertTrue(text.contains("SERVER_PORT=443\n"), text);
        assertNull(new TestClient(HELLO).get("/").header("Date"), "no server-added headers");
    }
}
