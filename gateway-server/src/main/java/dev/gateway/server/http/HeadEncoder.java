package dev.gateway.server.http;

import io.netty.buffer.ByteBuf;

/**
 * Writes a response head as bytes (RFC 9112 section 4, the status line, and section 5, the fields),
 * straight from the strings the application gave, so that no header object is built per response
 * and nothing encodes it again on the event loop. Names and values were checked by
 * {@code ResponseRules} (tokens; bytes without CR, LF or NUL), so each char is written as its byte.
 */
final class HeadEncoder {

    private static final short CRLF = ('\r' << 8) | '\n';
    private static final short COLON_SPACE = (':' << 8) | ' ';

    private HeadEncoder() {
    }

    /** {@code HTTP/1.1 200 OK CRLF}: {@code status} is the application's, already checked. */
    static void statusLine(ByteBuf out, String protocol, String status) {
        latin1(out, protocol);
        out.writeByte(' ');
        latin1(out, status);
        out.writeShort(CRLF);
    }

    /** {@code name: value CRLF}. */
    static void field(ByteBuf out, String name, String value) {
        latin1(out, name);
        out.writeShort(COLON_SPACE);
        latin1(out, value);
        out.writeShort(CRLF);
    }

    /** The blank line that ends the head. */
    static void end(ByteBuf out) {
        out.writeShort(CRLF);
    }

    private static void latin1(ByteBuf out, String text) {
        // Every char is at most U+00FF (checked), so Latin-1 is the byte itself.
        out.writeCharSequence(text, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
