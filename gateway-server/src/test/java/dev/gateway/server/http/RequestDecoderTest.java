package dev.gateway.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.Config;
import dev.gateway.server.worker.HttpContexts;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The request decoder on its own: the same messages whatever the chunking. */
class RequestDecoderTest {

    /** The outcome of a request whose chunked body "5 hello 0" was decoded in full. */
    private static final String CHUNKED = "body hello";
    private static final String BAD_HEADER = "400 INVALID_HEADER";
    private static final String NOT_IMPLEMENTED = "501 UNSUPPORTED_TRANSFER_CODING";
    private static final String BAD_EXTENSION = "400 INVALID_CHUNK_EXTENSION";
    private static final String BAD_SIZE = "400 INVALID_CHUNK_SIZE";
    /** All at once (no request here is that long), then byte by byte: the outcome must not depend on it. */
    private static final int[] PIECE_SIZES = {4096, 1};

    private static List<Object> decode(String wire, int pieceSize) {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestDecoder(RequestLimits.DEFAULTS, HttpContexts.httpRules(Config.defaults())));
        byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length; i += pieceSize) {
            int n = Math.min(pieceSize, bytes.length - i);
            // Direct pieces (as a socket read gives them) alternate with heap ones: the decoder copies
            // a direct read that starts a head to the heap, and must decode the same either way.
            boolean direct = i / pieceSize % 2 == 0;
            channel.writeInbound(direct ? Unpooled.directBuffer(n).writeBytes(bytes, i, n) : Unpooled.wrappedBuffer(bytes, i, n));
        }
        List<Object> out = new ArrayList<>();
        for (Object msg; (msg = channel.readInbound()) != null; ) {
            out.add(msg);
        }
        channel.finishAndReleaseAll();
        return out;
    }

    @Test
    void chunkedRequestByteByByte() {
        for (int size : new int[] {1, 2, 3, 1000}) {
            List<Object> out = decode("POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", size);
            HttpRequest request = assertInstanceOf(HttpRequest.class, out.get(0));
            assertTrue(request.decoderResult().isSuccess());
            StringBuilder body = new StringBuilder();
            for (Object msg : out.subList(1, out.size())) {
                body.append(((HttpContent) msg).content().toString(StandardCharsets.ISO_8859_1));
                ReferenceCountUtil.release(msg);
            }
            assertInstanceOf(LastHttpContent.class, out.get(out.size() - 1));
            assertEquals("hello", body.toString(), "piece size " + size);
        }
    }

    @Test
    void pipelinedAfterChunkedByteByByte() {
        List<Object> out = decode("POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n000\r\n\r\n"
                + "GET /second HTTP/1.1\r\n\r\n", 1);
        List<String> kinds = new ArrayList<>();
        for (Object msg : out) {
            kinds.add(msg.getClass().getSimpleName() + (msg instanceof HttpRequest r && r.decoderResult().isFailure() ? "!" + r.decoderResult().cause() : "")
                    + (msg instanceof HttpContent c && c.decoderResult().isFailure() ? "!" + c.decoderResult().cause() : ""));
            ReferenceCountUtil.release(msg);
        }
        assertEquals("DefaultHttpRequest", kinds.get(0));
        assertEquals(14, kinds.size(), kinds.toString());
        // The GET has no body: its head and end come as one message.
        assertEquals("DefaultFullHttpRequest", kinds.get(13), kinds.toString());
    }

    @Test
    void obsoleteFoldingIsRefused() {
        List<Object> out = decode("GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n", 1);
        HttpRequest request = assertInstanceOf(HttpRequest.class, out.get(0));
        assertFalse(request.decoderResult().isSuccess());
        assertEquals(BadRequestException.Kind.OBSOLETE_FOLDING, ((BadRequestException) request.decoderResult().cause()).kind());
    }

    /**
     * Transfer-Encoding shapes (RFC 9112 sections 6.1 and 6.3), each as the field lines of a request
     * (" | " between lines) and its outcome: a chunked body, or the refusal's status and kind.
     */
    static Stream<Arguments> transferEncodings() {
        return Stream.of(
                // chunked final and once: framed as chunked; coding names are case-insensitive
                Arguments.of("HTTP/1.1", "Transfer-Encoding: chunked", CHUNKED),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: CHUNKED", CHUNKED),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: Chunked", CHUNKED),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: gzip, chunked", CHUNKED),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: GZip,Chunked", CHUNKED),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: gzip \t,\t chunked", CHUNKED),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: gzip | Transfer-Encoding: chunked", CHUNKED),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: x-gzip, deflate, compress, x-compress, chunked", CHUNKED),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: identity, chunked", CHUNKED),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: identity | Transfer-Encoding: chunked", CHUNKED),
                // chunked not final (RFC 9112 section 6.3 item 4): 400
                Arguments.of("HTTP/1.1", "Transfer-Encoding: identity", BAD_HEADER),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: identity | Content-Length: 5", BAD_HEADER),
                Arguments.of("HTTP/1.1", "Content-Length: 5 | Transfer-Encoding: IDENTITY", BAD_HEADER),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: gzip", BAD_HEADER),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: chunked, gzip", BAD_HEADER),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: chunked | Transfer-Encoding: gzip", BAD_HEADER),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: chunked, identity", BAD_HEADER),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: xchunked", BAD_HEADER),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: br", BAD_HEADER),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: chunked, br", BAD_HEADER),
                // chunked twice (RFC 9112 section 6.1): 400
                Arguments.of("HTTP/1.1", "Transfer-Encoding: chunked, chunked", BAD_HEADER),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: chunked | Transfer-Encoding: chunked", BAD_HEADER),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: identity, chunked, identity, chunked", BAD_HEADER),
                // empty value or empty list elements: 400, not skipped
                Arguments.of("HTTP/1.1", "Transfer-Encoding: ", BAD_HEADER),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: ,chunked", BAD_HEADER),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: chunked,", BAD_HEADER),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: gzip, ,chunked", BAD_HEADER),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: chunked | Transfer-Encoding: ", BAD_HEADER),
                // not a token: 400
                Arguments.of("HTTP/1.1", "Transfer-Encoding: \"chunked\"", BAD_HEADER),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: gzip chunked", BAD_HEADER),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: ;q=1, chunked", BAD_HEADER),
                // with Content-Length, or on HTTP/1.0 (RFC 9112 sections 6.1 and 6.3 item 3): 400
                Arguments.of("HTTP/1.1", "Transfer-Encoding: chunked | Content-Length: 5", BAD_HEADER),
                Arguments.of("HTTP/1.1", "Content-Length: 5 | Transfer-Encoding: br, chunked", BAD_HEADER),
                Arguments.of("HTTP/1.0", "Transfer-Encoding: chunked", BAD_HEADER),
                Arguments.of("HTTP/1.0", "Transfer-Encoding: identity | Content-Length: 5", BAD_HEADER),
                Arguments.of("HTTP/1.0", "Transfer-Encoding: br", BAD_HEADER),
                // a sound framing with a coding we lack, or a parameter none of ours defines: 501
                Arguments.of("HTTP/1.1", "Transfer-Encoding: br, chunked", NOT_IMPLEMENTED),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: gzip;q=1, chunked", NOT_IMPLEMENTED),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: chunked;q=1", NOT_IMPLEMENTED),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: chunked ; a=\"b\"", NOT_IMPLEMENTED),
                Arguments.of("HTTP/1.1", "Transfer-Encoding: chunked;", NOT_IMPLEMENTED));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("transferEncodings")
    void transferEncodingShapes(String version, String fields, String expected) {
        String wire = "POST /te " + version + "\r\nHost: x\r\n" + fields.replace(" | ", "\r\n") + "\r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\n";
        for (int size : PIECE_SIZES) {
            assertEquals(expected, outcome(decode(wire, size)), "piece size " + size);
        }
    }

    /** Chunk-size lines of a 5-byte chunk (RFC 9112 section 7.1.1 chunk-ext) and their outcome. */
    static Stream<Arguments> chunkLines() {
        return Stream.of(
                Arguments.of("5", CHUNKED),
                Arguments.of("5;foo=\"bar baz\"", CHUNKED),
                Arguments.of("5;a=b;c", CHUNKED),
                Arguments.of("5 ; a = b", CHUNKED),
                Arguments.of("5\t;\ta\t=\tb", CHUNKED),
                Arguments.of("5; some; parameters=stuff", CHUNKED),
                Arguments.of("5;a=\"q\\\"x\"", CHUNKED),
                Arguments.of("5;a=\"\"", CHUNKED),
                Arguments.of("5;a=\"x;y=z\"", CHUNKED),
                Arguments.of("5;a=\"\tx\u00e9\\\u00ff\"", CHUNKED),
                Arguments.of("5;!#$%&'*+-.^_`|~=!#$%&'*+-.^_`|~", CHUNKED),
                Arguments.of("5;a ;b", CHUNKED),
                Arguments.of("05;A=B", CHUNKED),
                Arguments.of("5;", BAD_EXTENSION),
                Arguments.of("5 ;", BAD_EXTENSION),
                Arguments.of("5;=x", BAD_EXTENSION),
                Arguments.of("5;a=", BAD_EXTENSION),
                Arguments.of("5;a= ", BAD_EXTENSION),
                Arguments.of("5;a=;b", BAD_EXTENSION),
                Arguments.of("5;a=b;", BAD_EXTENSION),
                Arguments.of("5;;a", BAD_EXTENSION),
                Arguments.of("5;a==b", BAD_EXTENSION),
                Arguments.of("5;a b", BAD_EXTENSION),
                Arguments.of("5;a ", BAD_EXTENSION),
                Arguments.of("5;a=b ", BAD_EXTENSION),
                Arguments.of("5;a=b,c", BAD_EXTENSION),
                Arguments.of("5;a=(b)", BAD_EXTENSION),
                Arguments.of("5;a=\"unterminated", BAD_EXTENSION),
                Arguments.of("5;a=\"x\\\"", BAD_EXTENSION),
                Arguments.of("5;a=\"x\"y", BAD_EXTENSION),
                Arguments.of("5;a=x\"y\"", BAD_EXTENSION),
                Arguments.of("5;a=\"x\ry\"", BAD_EXTENSION),
                Arguments.of("5;a=\"x\u0000\"", BAD_EXTENSION),
                Arguments.of("5;a=\"\\\u007f\"", BAD_EXTENSION),
                Arguments.of("5;a=val\rue", BAD_EXTENSION),
                Arguments.of("5;a\u0001", BAD_EXTENSION),
                Arguments.of("5;\u00e9", BAD_EXTENSION),
                // the size itself: hex digits only, whitespace only ahead of ";"
                Arguments.of("5 ", BAD_SIZE),
                Arguments.of(" 5;a", BAD_SIZE),
                Arguments.of("5 a", BAD_SIZE),
                Arguments.of(";a=b", BAD_SIZE),
                Arguments.of("0x5;a", BAD_SIZE));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("chunkLines")
    void chunkExtensionLines(String line, String expected) {
        String wire = "POST /ext HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + line + "\r\nhello\r\n0\r\n\r\n";
        for (int size : PIECE_SIZES) {
            assertEquals(expected, outcome(decode(wire, size)), "piece size " + size);
        }
    }

    /**
     * One request's outcome, its messages released: {@code body TEXT} when the head and the whole
     * body decoded, or the status and kind of the first refusal.
     */
    private static String outcome(List<Object> out) {
        StringBuilder body = new StringBuilder();
        String refusal = null;
        boolean ended = false;
        for (Object msg : out) {
            DecoderResult result = ((HttpObject) msg).decoderResult();
            if (result.isFailure()) {
                BadRequestException e = assertInstanceOf(BadRequestException.class, result.cause());
                refusal = refusal == null ? e.status().code() + " " + e.kind() : refusal;
            } else if (msg instanceof HttpContent content) {
                body.append(content.content().toString(StandardCharsets.ISO_8859_1));
                ended |= msg instanceof LastHttpContent;
            }
            ReferenceCountUtil.release(msg);
        }
        assertTrue(out.isEmpty() || out.get(0) instanceof HttpRequest, "the first message is the request head");
        if (refusal != null) {
            return refusal;
        }
        assertTrue(ended, "the body ends with a LastHttpContent");
        return "body " + body;
    }
}
