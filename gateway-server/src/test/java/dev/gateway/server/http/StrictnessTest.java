package dev.gateway.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.Settings;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.server.support.JsonTree;
import dev.gateway.server.support.RawClient;
import dev.gateway.server.support.RawResponse;
import dev.gateway.testapps.EchoEnviron;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The parser's strictness over a real socket with raw bytes: each rule, its status, and the close. */
class StrictnessTest {

    private static final AtomicInteger CALLS = new AtomicInteger();
    private static RunningGateway server;

    @BeforeAll
    static void start() {
        EchoEnviron echo = new EchoEnviron();
        server = Gateway.builder((environ, start) -> {
            CALLS.incrementAndGet();
            return echo.call(environ, start);
        }).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Sends the bytes, expects {@code status} then a close, and that the application was not called. */
    private static void refused(String request, int status) throws Exception {
        int before = CALLS.get();
        try (RawClient client = new RawClient(server.port())) {
            RawResponse response = client.send(request).read();
            assertEquals(status, response.status(), request);
            assertEquals("close", response.header("Connection"));
            assertTrue(client.closedByPeer(), "the connection must close after a refused request");
        }
        assertEquals(before, CALLS.get(), "the application must not be called");
    }

    private static Map<String, Object> environ(RunningGateway gateway, String request) throws Exception {
        try (RawClient client = new RawClient(gateway.port())) {
            RawResponse response = client.send(request).read();
            assertEquals(200, response.status(), response.text());
            return JsonTree.parseObject(response.text());
        }
    }

    @Test
    void hostIsRequiredOnHttp11AndUniqueEverywhere() throws Exception {
        refused("GET / HTTP/1.1\r\n\r\n", 400);
        refused("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400);
        refused("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", 400);
        assertEquals("/", environ(server, "GET / HTTP/1.0\r\n\r\n").get("PATH_INFO"));
    }

    @Test
    void onlyHttp10And11AreSpoken() throws Exception {
        refused("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 400);
        refused("GET / HTTP/0.9\r\nHost: a\r\n\r\n", 400);
        refused("GET / HTTP/1.10\r\nHost: a\r\n\r\n", 400);
        refused("GET / FTP/1.1\r\nHost: a\r\n\r\n", 400);
    }

    @Test
    void requestLineAndMethodSyntax() throws Exception {
        refused("GET HTTP/1.1\r\nHost: a\r\n\r\n", 400);
        refused("get / HTTP/1.1\r\nHost: a\r\n\r\n", 400);
        refused("GE\0T / HTTP/1.1\r\nHost: a\r\n\r\n", 400);
        refused("GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400);
        refused("GET foo/bar HTTP/1.1\r\nHost: a\r\n\r\n", 400);
        refused("GET /a\tb HTTP/1.1\r\nHost: a\r\n\r\n", 400);
    }

    @Test
    void obsoleteFoldingIsRefusedOrJoined() throws Exception {
        refused("GET / HTTP/1.1\r\nHost: a\r\nX-A: one\r\n two\r\n\r\n", 400);
        try (RunningGateway lenient = Gateway.builder(new EchoEnviron()).set(Settings.PERMIT_OBSOLETE_FOLDING, true).start()) {
            assertEquals("one two", environ(lenient, "GET / HTTP/1.1\r\nHost: a\r\nX-A: one\r\n\ttwo\r\n\r\n").get("HTTP_X_A"));
        }
    }

    @Test
    void fieldNamesAndValues() throws Exception {
        refused("GET / HTTP/1.1\r\nHost: a\r\nX-A : b\r\n\r\n", 400);
        refused("GET / HTTP/1.1\r\nHost: a\r\nX(A): b\r\n\r\n", 400);
        refused("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\0c\r\n\r\n", 400);
        refused("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\nX-B: c\r\n\r\n", 400);
        refused("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u007fc\r\n\r\n", 400);
        refused("GET / HTTP/1.1\r\nHost: a\r\nContent-Type: a\r\nContent-Type: b\r\n\r\n", 400);
    }

    @Test
    void underscoreNamesAreDroppedOrRefused() throws Exception {
        Map<String, Object> environ = environ(server, "GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 1.2.3.4\r\nX_Forwarded_For: 6.6.6.6\r\n\r\n");
        assertEquals("1.2.3.4", environ.get("HTTP_X_FORWARDED_FOR"));
        try (RunningGateway refusing = Gateway.builder(new EchoEnviron()).set(Settings.HEADER_MAP, "refuse").start();
             RawClient client = new RawClient(refusing.port())) {
            assertEquals(400, client.send("GET / HTTP/1.1\r\nHost: a\r\nX_A: b\r\n\r\n").read().status());
        }
    }

    @Test
    void limitsHaveGunicornsMeaningAndStatuses() throws Exception {
        try (RunningGateway limited = Gateway.builder(new EchoEnviron())
                .set(Settings.LIMIT_REQUEST_LINE, 20).set(Settings.LIMIT_REQUEST_FIELDS, 2)
                .set(Settings.LIMIT_REQUEST_FIELD_SIZE, 20).start()) {
            // "GET /123456 HTTP/1.0" is 20 bytes: at the limit; one more is refused with 400.
            try (RawClient client = new RawClient(limited.port())) {
                assertEquals(200, client.send("GET /123456 HTTP/1.0\r\n\r\n").read().status());
            }
            try (RawClient client = new RawClient(limited.port())) {
                assertEquals(400, client.send("GET /1234567 HTTP/1.0\r\n\r\n").read().status());
            }
            // "X: 123456789012345\r\n" is 20 bytes with its CRLF: at the limit; one more is 431.
            try (RawClient client = new RawClient(limited.port())) {
                assertEquals(200, client.send("GET / HTTP/1.0\r\nX: 123456789012345\r\n\r\n").read().status());
            }
            try (RawClient client = new RawClient(limited.port())) {
                assertEquals(431, client.send("GET / HTTP/1.0\r\nX: 1234567890123456\r\n\r\n").read().status());
            }
            try (RawClient client = new RawClient(limited.port())) {
                assertEquals(431, client.send("GET / HTTP/1.0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n").read().status());
            }
        }
    }

    @Test
    void bodyFramingAmbiguitiesAreRefused() throws Exception {
        refused("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 400);
        refused("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
        refused("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +3\r\n\r\nabc", 400);
        refused("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400);
        refused("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
        refused("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: br, chunked\r\n\r\n0\r\n\r\n", 501);
        refused("GET / HTTP/1.1\r\nHost: a\r\nExpect: teapot\r\n\r\n", 417);
    }

    @Test
    void badChunkIs400AndNothingAfterItIsParsed() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            RawResponse response = client.send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6_0\r\n world\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n").read();
            assertEquals(400, response.status());
            assertEquals("close", response.header("Connection"));
            assertTrue(client.closedByPeer(), "no second response");
        }
    }

    @Test
    void requestArrivingInPiecesIsServed() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            // The pauses are the point: each piece arrives, and is read, on its own.
            client.send("GET /pie");
            Thread.sleep(50);
            client.send("ces HTTP/1.1\r\nHo");
            Thread.sleep(50);
            client.send("st: a\r\n");
            Thread.sleep(50);
            RawResponse response = client.send("\r\n").read();
            assertEquals("/pieces", JsonTree.parseObject(response.text()).get("PATH_INFO"));
        }
    }

    @Test
    void halfClosedConnectionStillGetsItsAnswers() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write("GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            socket.setSoTimeout(10_000);
            String all = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(all.contains("\"PATH_INFO\":\"/a\"") && all.contains("\"PATH_INFO\":\"/b\""), all);
        }
        // Ending inside a head: nothing to answer (Gunicorn's NoMoreData), just the close.
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write("GET /a HTTP/1.1\r\nHo".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            socket.setSoTimeout(10_000);
            assertEquals(0, socket.getInputStream().readAllBytes().length);
        }
        // Ending inside a chunked body: its reader fails, the answer is 400.
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            socket.setSoTimeout(10_000);
            String all = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(all.startsWith("HTTP/1.1 400 "), all);
        }
    }
}
