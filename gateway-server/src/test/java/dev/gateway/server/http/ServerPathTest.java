package dev.gateway.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.server.support.Await;
import dev.gateway.server.support.RawClient;
import dev.gateway.server.support.RawResponse;
import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Header;
import dev.gateway.testapps.Hello;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The foundation's server-path rules, over a real socket. */
class ServerPathTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void helloOverJavaHttpClient() throws Exception {
        try (RunningGateway gateway = Gateway.builder(new Hello()).start()) {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(gateway.baseUri().resolve("/any/path?x=1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("Hello, World!", response.body());
            assertEquals("text/plain", response.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("13", response.headers().firstValue("Content-Length").orElseThrow());
            assertTrue(response.headers().firstValue("Date").isPresent());
            assertEquals("gateway", response.headers().firstValue("Server").orElseThrow());
        }
    }

    @Test
    void singleChunkWithoutLengthGetsContentLength() throws Exception {
        Application app = (environ, start) -> {
            start.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
            return Body.of("abc");
        };
        try (RunningGateway gateway = Gateway.builder(app).start(); RawClient client = new RawClient(gateway.port())) {
            RawResponse response = client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals("3", response.header("Content-Length"));
            assertNull(response.header("Transfer-Encoding"));
            assertEquals("abc", response.text());
        }
    }

    @Test
    void severalChunksAreChunkedOnHttp11AndCloseDelimitedOnHttp10() throws Exception {
        Application app = (environ, start) -> {
            start.start("200 OK", List.of());
            return () -> List.of("ab".getBytes(), new byte[0], "cd".getBytes()).iterator();
        };
        try (RunningGateway gateway = Gateway.builder(app).start()) {
            try (RawClient client = new RawClient(gateway.port())) {
                RawResponse response = client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertEquals("chunked", response.header("Transfer-Encoding"));
                assertEquals("abcd", response.text());
            }
            try (RawClient client = new RawClient(gateway.port())) {
                RawResponse response = client.send("GET / HTTP/1.0\r\n\r\n").read();
                assertNull(response.header("Transfer-Encoding"));
                assertNull(response.header("Content-Length"));
                assertEquals("close", response.header("Connection"));
                assertEquals("abcd", response.text());
            }
        }
    }

    @Test
    void headAnd204And304CarryNoBody() throws Exception {
        Application app = (environ, start) -> {
            String status = switch (environ.pathInfo()) {
                case "/204" -> "204 No Content";
                case "/304" -> "304 Not Modified";
                default -> "200 OK";
            };
            start.start(status, List.of());
            return Body.of("body");
        };
        try (RunningGateway gateway = Gateway.builder(app).start(); RawClient client = new RawClient(gateway.port())) {
            RawResponse head = client.send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n").read("HEAD");
            assertEquals(200, head.status());
            assertEquals("4", head.header("Content-Length"));
            RawResponse noContent = client.send("GET /204 HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(204, noContent.status());
            assertNull(noContent.header("Content-Length"));
            RawResponse notModified = client.send("GET /304 HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(304, notModified.status());
            // The next response starts right where the previous ended: no stray body bytes.
            RawResponse after = client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals("body", after.text());
        }
    }

    @Test
    void anApplicationMayRefillItsArrayOnceTheServerAsksForTheNextChunk() throws Exception {
        // The Java idiom of a read loop: one buffer, refilled for every chunk (docs/spec.md, "Body and close()").
        byte[] buffer = new byte[64 * 1024];
        Application streaming = (environ, start) -> {
            start.start("200 OK", List.of());
            return () -> new java.util.Iterator<byte[]>() {
                int step;

                @Override
                public boolean hasNext() {
                    return step < 64;
                }

                @Override
                public byte[] next() {
                    java.util.Arrays.fill(buffer, (byte) ('a' + step++ % 26));
                    return buffer;
                }
            };
        };
        Application single = (environ, start) -> {
            byte[] page = "the page".getBytes();
            start.start("200 OK", List.of());
            // A pooled buffer goes back to its pool, and is overwritten, when the body is closed.
            return Body.onClose(List.of(page), () -> java.util.Arrays.fill(page, (byte) '#'));
        };
        try (RunningGateway gateway = Gateway.builder(streaming).start(); RawClient client = new RawClient(gateway.port())) {
            String body = client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text();
            assertEquals(64 * buffer.length, body.length());
            for (int i = 0; i < body.length(); i++) {
                char expected = (char) ('a' + i / buffer.length % 26);
                if (body.charAt(i) != expected) {
                    fail("byte " + i + " of chunk " + i / buffer.length + " is '" + body.charAt(i) + "', not '" + expected + "'");
                }
            }
        }
        try (RunningGateway gateway = Gateway.builder(single).start(); RawClient client = new RawClient(gateway.port())) {
            for (int i = 0; i < 50; i++) {
                assertEquals("the page", client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text());
            }
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        Application app = (environ, start) -> {
            start.start("200 OK", List.of());
            return Body.of(environ.pathInfo());
        };
        try (RunningGateway gateway = Gateway.builder(app).start(); RawClient client = new RawClient(gateway.port())) {
            StringBuilder requests = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                requests.append("GET /").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            client.send(requests.toString());
            for (int i = 0; i < 20; i++) {
                assertEquals("/" + i, client.read().text());
            }
        }
    }

    @Test
    void exceptionBeforeHeadersIs500AndServerStaysUp() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Application app = (environ, start) -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("boom (expected by the test)");
            }
            start.start("200 OK", List.of());
            return Body.of("fine");
        };
        try (RunningGateway gateway = Gateway.builder(app).start()) {
            try (RawClient client = new RawClient(gateway.port())) {
                RawResponse response = client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertEquals(500, response.status());
                assertFalse(response.text().contains("boom"), "no stack trace or message to the client");
            }
            try (RawClient client = new RawClient(gateway.port())) {
                assertEquals("fine", client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text());
            }
        }
    }

    @Test
    void headersGoOutWithTheFirstNonEmptyChunk() throws Exception {
        Application app = (environ, start) -> {
            start.start("200 OK", List.of());
            return () -> new java.util.Iterator<byte[]>() {
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
                    // Before the first non-empty chunk the application may still change its mind.
                    start.start("503 Service Unavailable", List.of(), new RuntimeException("changed (expected)"));
                    return "late".getBytes();
                }
            };
        };
        try (RunningGateway gateway = Gateway.builder(app).start(); RawClient client = new RawClient(gateway.port())) {
            RawResponse response = client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(503, response.status());
            assertEquals("late", response.text());
        }
    }

    @Test
    void bodyCloseIsCalledOnceOnSuccess() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        Application app = (environ, start) -> {
            start.start("200 OK", List.of());
            return Body.onClose(List.of("x".getBytes(), "y".getBytes()), closes::incrementAndGet);
        };
        try (RunningGateway gateway = Gateway.builder(app).start(); RawClient client = new RawClient(gateway.port())) {
            assertEquals("xy", client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().text());
            Await.until(Duration.ofSeconds(10), "the body to be closed", () -> closes.get() > 0);
            assertEquals(1, closes.get());
        }
    }

    @Test
    void eachChunkIsSentWithoutWaitingForTheNext() throws Exception {
        java.util.concurrent.CountDownLatch firstSeen = new java.util.concurrent.CountDownLatch(1);
        Application app = (environ, start) -> {
            start.start("200 OK", List.of());
            return () -> new java.util.Iterator<byte[]>() {
                int step;

                @Override
                public boolean hasNext() {
                    return step < 2;
                }

                @Override
                public byte[] next() {
                    if (step++ == 1) {
                        try {
                            // The second chunk waits until the client has the first one.
                            firstSeen.await(10, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return "second".getBytes();
                    }
                    return "first".getBytes();
                }
            };
        };
        try (RunningGateway gateway = Gateway.builder(app).start(); RawClient client = new RawClient(gateway.port())) {
            client.timeout(5000).send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").readHead();
            byte[] chunk = new byte["5\r\nfirst\r\n".length()];
            new java.io.DataInputStream(client.input()).readFully(chunk);
            assertEquals("5\r\nfirst\r\n", new String(chunk, java.nio.charset.StandardCharsets.US_ASCII));
            firstSeen.countDown();
        }
    }

    @Test
    void ephemeralPortIsReported() {
        try (RunningGateway gateway = Gateway.builder(new Hello()).start()) {
            URI uri = gateway.baseUri();
            assertNotNull(uri);
            assertTrue(gateway.port() > 0);
        }
    }
}
