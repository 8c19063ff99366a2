package dev.gateway.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/** The chunked transfer coding of a response body (RFC 9112 section 7.1): size line, data, CRLF; a last chunk of 0. */
final class ChunkEncoder {

    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final short CRLF = ('\r' << 8) | '\n';

    private ChunkEncoder() {
    }

    /** One chunk holding {@code length} bytes of {@code data}. */
    static ByteBuf chunk(ByteBufAllocator alloc, byte[] data, int length) {
        ByteBuf out = alloc.ioBuffer(length + 12);
        sizeLine(out, length);
        out.writeBytes(data, 0, length);
        out.writeShort(CRLF);
        return out;
    }

    /** The size line of a chunk whose data follows separately (a file region). */
    static ByteBuf sizeLine(ByteBufAllocator alloc, long length) {
        ByteBuf out = alloc.ioBuffer(18);
        sizeLine(out, length);
        return out;
    }

    /** The CRLF that ends a chunk whose data went separately. */
    static ByteBuf chunkEnd(ByteBufAllocator alloc) {
        return alloc.ioBuffer(2).writeShort(CRLF);
    }

    /** The last chunk and the empty trailer section. */
    static ByteBuf last(ByteBufAllocator alloc) {
        return alloc.ioBuffer(LAST_CHUNK.length).writeBytes(LAST_CHUNK);
    }

    private static void sizeLine(ByteBuf out, long length) {
        out.writeCharSequence(Long.toHexString(length), StandardCharsets.US_ASCII);
        out.writeShort(CRLF);
    }
}
