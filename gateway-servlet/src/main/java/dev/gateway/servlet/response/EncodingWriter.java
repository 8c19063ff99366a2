package dev.gateway.servlet.response;

import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * The writer under {@code getWriter()}: encodes chars straight into the response's {@link OutputBuffer}
 * (no char buffer of its own, so {@code resetBuffer()} and {@code isCommitted()} see every char written).
 * A surrogate pair split across two writes is kept until its second half arrives; unmappable chars
 * become the charset's replacement.
 */
final class EncodingWriter extends Writer {

    private final OutputBuffer buffer;
    private final CharsetEncoder encoder;
    private final byte[] bytes = new byte[1024];
    private char pendingHigh;

    EncodingWriter(OutputBuffer buffer, Charset charset) {
        this.buffer = buffer;
        this.encoder = charset.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        CharBuffer chars;
        if (pendingHigh != 0) {
            chars = CharBuffer.allocate(len + 1).put(pendingHigh).put(cbuf, off, len).flip();
            pendingHigh = 0;
        } else {
            chars = CharBuffer.wrap(cbuf, off, len);
        }
        encode(chars);
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
        write(str.toCharArray(), off, len);
    }

    private void encode(CharBuffer chars) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        while (true) {
            CoderResult result = encoder.encode(chars, out, false);
            if (out.position() > 0) {
                buffer.write(bytes, 0, out.position());
                out.clear();
            }
            if (result.isUnderflow()) {
                break;
            }
        }
        if (chars.hasRemaining()) {
            pendingHigh = chars.get(); // a high surrogate waiting for its pair
        }
    }

    /** Commits the response and sends the buffer, as Tomcat's writer does. */
    @Override
    public void flush() throws IOException {
        if (!buffer.closed()) {
            buffer.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (!buffer.closed()) {
            buffer.close();
        }
    }
}
