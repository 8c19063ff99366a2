package dev.gateway.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;

/**
 * Writes a response head as bytes (RFC 9112 section 4, the status line, and section 5, the fields),
 * straight from the strings the application gave, so that no header object is built per response
 * and nothing encodes it again on the event loop. Names and values were checked by
 * {@code ResponseRules} (tokens; bytes without CR, LF or NUL), so each char is written as its byte.
 *
 * <p>The head is built in an array and copied to the connection's (direct) buffer in one bulk
 * write: writing a direct buffer a byte at a time goes through {@code ByteBuffer}'s checks on each
 * byte when Netty does not use {@code Unsafe} (JDK 24 and later), which took a tenth of the CPU of
 * a hello-world response.
 */
final class HeadEncoder {

    /** Room for a typical head (status line, Date, Server, Content-Type, Content-Length). */
    private static final int TYPICAL_HEAD = 256;

    private byte[] bytes = new byte[TYPICAL_HEAD];
    private int length;

    /** {@code HTTP/1.1 200 OK CRLF}: {@code status} is the application's, already checked. */
    HeadEncoder statusLine(String protocol, String status) {
        latin1(protocol);
        put((byte) ' ');
        latin1(status);
        return crlf();
    }

    /** {@code name: value CRLF}. */
    HeadEncoder field(String name, String value) {
        latin1(name);
        put((byte) ':');
        put((byte) ' ');
        latin1(value);
        return crlf();
    }

    /**
     * Ends the head with its blank line and returns it in a buffer of {@code alloc}'s, with room for
     * {@code room} more bytes (a body the caller appends).
     */
    ByteBuf end(ByteBufAllocator alloc, int room) {
        crlf();
        return alloc.ioBuffer(length + room).writeBytes(bytes, 0, length);
    }

    private HeadEncoder crlf() {
        put((byte) '\r');
        put((byte) '\n');
        return this;
    }

    @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int) is exactly "each char's low byte"
    private void latin1(String text) {
        int n = text.length();
        ensure(n);
        // Every char is at most U+00FF (checked), so Latin-1 is the char's low byte. A Latin-1 string
        // (most are) is copied as one array copy.
        text.getBytes(0, n, bytes, length);
        length += n;
    }

    private void put(byte b) {
        ensure(1);
        bytes[length++] = b;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
