package dev.gateway.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.server.support.RawClient;
import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request-smuggling shapes: each ambiguous request is refused with a 4xx (or the RFC's 501 for an
 * unknown transfer coding) and its connection closed, so the request tucked behind it is never
 * served. Our own cases; the conformance corpus covers only part of this.
 */
class SmugglingTest {

    private static final String TUCKED = "GET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n";
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();
    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        Application recording = (environ, start) -> {
            SEEN.add(environ.pathInfo());
            environ.input().readAllBytes();
            start.start("200 OK", List.of());
            return Body.of("ok");
        };
        gateway = Gateway.builder(recording).start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static Stream<Arguments> attacks() {
        return Stream.of(
                Arguments.of("CL.TE", "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                Arguments.of("TE.CL", "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n5c\r\n"),
                Arguments.of("TE xchunked", "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n"),
                Arguments.of("TE space before colon", "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n"),
                Arguments.of("TE identity with CL", "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: identity\r\nContent-Length: 5\r\n\r\nhello"),
                Arguments.of("TE chunked, identity", "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n"),
                Arguments.of("TE twice, last not chunked", "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n0\r\n\r\n"),
                Arguments.of("TE chunked, xchunked", "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, xchunked\r\n\r\n0\r\n\r\n"),
                Arguments.of("TE on HTTP/1.0", "POST /a HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                Arguments.of("duplicate equal CL", "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc"),
                Arguments.of("duplicate different CL", "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 30\r\n\r\nabc"),
                Arguments.of("CL list", "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 3\r\n\r\nabc"),
                Arguments.of("CL plus sign", "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: +3\r\n\r\nabc"),
                Arguments.of("CL negative", "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n"),
                Arguments.of("CL not a number", "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3a\r\n\r\nabc"),
                Arguments.of("CL overflow", "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\nabc"),
                Arguments.of("chunk size overflow", "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff1\r\nabc\r\n0\r\n\r\n"),
                Arguments.of("chunk size 0x", "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0x3\r\nabc\r\n0\r\n\r\n"),
                Arguments.of("chunk extension bare LF", "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;a\nabc\r\n0\r\n\r\n"),
                Arguments.of("chunk extension quoted CRLF", "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;a=\"x\r\ny\"\r\nabc\r\n0\r\n\r\n"),
                Arguments.of("chunk without CRLF terminator", "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcXX0\r\n\r\n"),
                Arguments.of("bare LF line endings", "GET /a HTTP/1.1\nHost: h\n\n"),
                Arguments.of("bare CR in a header value", "GET /a HTTP/1.1\r\nHost: h\r\nX-A: a\rb\r\n\r\n"),
                Arguments.of("NUL in a header value", "GET /a HTTP/1.1\r\nHost: h\r\nX-A: a\0b\r\n\r\n"),
                Arguments.of("NUL before the request line", "\0GET /a HTTP/1.1\r\nHost: h\r\n\r\n"),
                Arguments.of("obs-fold", "GET /a HTTP/1.1\r\nHost: h\r\nX-A: a\r\n b\r\n\r\n"),
                Arguments.of("invalid Host", "GET /a HTTP/1.1\r\nHost: a b\r\n\r\n"),
                Arguments.of("two Host headers", "GET /a HTTP/1.1\r\nHost: h\r\nHost: i\r\n\r\n"),
                Arguments.of("no Host on HTTP/1.1", "GET /a HTTP/1.1\r\nX-A: a\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void refusedAndClosedSoTheTuckedRequestIsNeverServed(String name, String attack) throws Exception {
        SEEN.remove("/smuggled");
        try (RawClient client = new RawClient(gateway.port())) {
            client.timeout(5000).send((attack + TUCKED).getBytes(StandardCharsets.ISO_8859_1));
            byte[] answer = client.readToEnd();
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("HTTP/1.1 4") || text.startsWith("HTTP/1.1 501"), name + ": " + firstLine(text));
            assertEquals(1, count(text, "HTTP/1.1 "), name + ": exactly one response, then a close: " + text);
        }
        assertFalse(SEEN.contains("/smuggled"), name + ": the tucked request reached the application");
    }

    private static String firstLine(String text) {
        int end = text.indexOf("\r\n");
        return end < 0 ? text : text.substring(0, end);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
