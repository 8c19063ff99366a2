package dev.gateway.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.server.support.Await;
import dev.gateway.server.support.RawClient;
import dev.gateway.server.support.RawResponse;
import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.FileBody;
import dev.gateway.spi.Header;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The response side of the contract over a real socket. */
class ResponseRulesTest {

    private static RawResponse get(Application app) throws Exception {
        try (RunningGateway gateway = Gateway.builder(app).start(); RawClient client = new RawClient(gateway.port())) {
            return client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read();
        }
    }

    private static Application starting(String status, Header... headers) {
        return (environ, start) -> {
            start.start(status, List.of(headers));
            return Body.of("ok");
        };
    }

    @Test
    void statusMustBeCodeAndReason() throws Exception {
        assertEquals(500, get(starting("200")).status());
        assertEquals(500, get(starting("20 OK")).status());
        assertEquals(201, get(starting("201 Created")).status());
    }

    @Test
    void headerInjectionIsA500NotAHeader() throws Exception {
        RawResponse response = get(starting("200 OK", Header.of("X-A", "b\r\nSet-Cookie: evil=1")));
        assertEquals(500, response.status());
        assertNull(response.header("Set-Cookie"));
        assertEquals(500, get(starting("200 OK", Header.of("X A", "b"))).status());
        assertEquals(500, get(starting("200 OK", Header.of("X-A", "b\0"))).status());
    }

    @Test
    void hopByHopHeadersAreRefused() throws Exception {
        assertEquals(500, get(starting("200 OK", Header.of("Connection", "keep-alive"))).status());
        assertEquals(500, get(starting("200 OK", Header.of("Transfer-Encoding", "chunked"))).status());
    }

    @Test
    void twoContentLengthsFromTheAppAreItsError() throws Exception {
        assertEquals(500, get(starting("200 OK", Header.of("Content-Length", "2"), Header.of("Content-Length", "2"))).status());
    }

    @Test
    void contentLengthShorterThanTheBodyTruncatesAndCloses() throws Exception {
        Application app = (environ, start) -> {
            start.start("200 OK", List.of(Header.of("Content-Length", "3")));
            return Body.of("abc".getBytes(), "def".getBytes());
        };
        try (RunningGateway gateway = Gateway.builder(app).start(); RawClient client = new RawClient(gateway.port())) {
            RawResponse response = client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read();
            assertEquals("abc", response.text());
            assertTrue(client.closedByPeer());
        }
    }

    @Test
    void contentLengthLongerThanTheBodyClosesAfterIt() throws Exception {
        Application app = (environ, start) -> {
            start.start("200 OK", List.of(Header.of("Content-Length", "10")));
            return Body.of("abc".getBytes(), "def".getBytes());
        };
        try (dev.gateway.server.support.LogRecorder log = new dev.gateway.server.support.LogRecorder("gateway.error");
             RunningGateway gateway = Gateway.builder(app).start(); RawClient client = new RawClient(gateway.port())) {
            client.send("GET /short HTTP/1.1\r\nHost: a\r\n\r\n");
            byte[] all = client.readToEnd();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            assertTrue(text.endsWith("\r\n\r\nabcdef"), text);
            // Logged once, at error level, with the request line.
            assertEquals(1, log.errorsMentioning("GET /short: the body ended after 6 of the 10 bytes").size(), log.lines().toString());
        }
    }

    @Test
    void closeIsCalledOnceWhenTheClientLeavesMidBody() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        Application app = (environ, start) -> {
            start.start("200 OK", List.of());
            Iterable<byte[]> endless = () -> new Iterator<>() {
                public boolean hasNext() {
                    return true;
                }

                public byte[] next() {
                    return new byte[64 * 1024];
                }
            };
            return Body.onClose(endless, closes::incrementAndGet);
        };
        try (RunningGateway gateway = Gateway.builder(app).start()) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.port())) {
                socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.getInputStream().readNBytes(1 << 20);
            }
            Await.until(Duration.ofSeconds(10), "the body to be closed", () -> closes.get() > 0);
            // "Once": a second close() would follow right behind the first; nothing to wait on but time.
            Thread.sleep(100);
            assertEquals(1, closes.get());
        }
    }

    @Test
    void writeCallableAndIterableShareTheBody() throws Exception {
        Application app = (environ, start) -> {
            start.start("200 OK", List.of()).write("ab".getBytes());
            return Body.of("cd");
        };
        assertEquals("abcd", get(app).text());
    }

    @Test
    void excInfoReplacesTheStatusBeforeTheHeadIsSent() throws Exception {
        Application app = (environ, start) -> {
            start.start("200 OK", List.of());
            start.start("503 Service Unavailable", List.of(), new IllegalStateException("late failure"));
            return Body.of("sorry");
        };
        RawResponse response = get(app);
        assertEquals(503, response.status());
        assertEquals("sorry", response.text());
    }

    @Test
    void startTwiceWithoutExcInfoIsAnError() throws Exception {
        Application app = (environ, start) -> {
            start.start("200 OK", List.of());
            start.start("201 Created", List.of());
            return Body.of("x");
        };
        assertEquals(500, get(app).status());
    }

    @Test
    void fileBodyGoesOutWhole(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("f.bin");
        byte[] data = new byte[300_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        Files.write(file, data);
        Application app = (environ, start) -> {
            start.start("200 OK", List.of());
            return FileBody.open(file);
        };
        RawResponse response = get(app);
        assertEquals("300000", response.header("Content-Length"));
        assertEquals(data.length, response.body().length);
        assertEquals(-1, java.util.Arrays.mismatch(data, response.body()), "first differing byte");
    }
}
