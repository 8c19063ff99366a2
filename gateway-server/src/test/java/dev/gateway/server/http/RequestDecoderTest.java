package dev.gateway.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.Config;
import dev.gateway.server.worker.HttpContexts;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request decoder on its own: the same messages whatever the chunking. */
class RequestDecoderTest {

    private static List<Object> decode(String wire, int pieceSize) {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestDecoder(RequestLimits.DEFAULTS, HttpContexts.httpRules(Config.defaults())));
        byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length; i += pieceSize) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(pieceSize, bytes.length - i)));
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
        assertEquals(15, kinds.size(), kinds.toString());
        assertEquals("DefaultHttpRequest", kinds.get(13), kinds.toString());
    }

    @Test
    void obsoleteFoldingIsRefused() {
        List<Object> out = decode("GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n", 1);
        HttpRequest request = assertInstanceOf(HttpRequest.class, out.get(0));
        assertFalse(request.decoderResult().isSuccess());
        assertEquals(BadRequestException.Kind.OBSOLETE_FOLDING, ((BadRequestException) request.decoderResult().cause()).kind());
    }
}
