package dev.gateway.server.http;

import dev.gateway.server.http.BadRequestException.Kind;
import io.netty.buffer.ByteBuf;

/**
 * The chunk extensions of a chunk-size line, checked against RFC 9112 section 7.1.1:
 *
 * <pre>
 * chunk-ext      = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
 * chunk-ext-name = token
 * chunk-ext-val  = token / quoted-string
 * </pre>
 *
 * <p>with token and quoted-string from RFC 9110 sections 5.6.2 and 5.6.4, and BWS any run of SP and
 * HTAB (RFC 9110 section 5.6.3). No extension is understood here, so they are checked and dropped
 * (RFC 9112 section 7.1.1: a recipient ignores the extensions it does not understand). A line that
 * does not fit is refused rather than skipped: a parser that reads it differently (where a quoted
 * string ends, whether a bare CR ends the line) would find the chunk data elsewhere, the opening
 * request smuggling needs (RFC 9112 section 11.2).
 *
 * <p>Each step takes the index to read from and returns the index after what it read; a mismatch
 * throws {@link BadRequestException} ({@link Kind#INVALID_CHUNK_EXTENSION}).
 */
final class ChunkExtension {

    private static final byte SEMICOLON = ';';
    private static final byte EQUALS = '=';
    private static final byte DQUOTE = '"';
    private static final byte BACKSLASH = '\\';

    private ChunkExtension() {
    }

    /** Checks {@code [start, end)} of a chunk-size line, all that follows the size, against chunk-ext. */
    static void check(ByteBuf line, int start, int end) {
        int i = start;
        while (i < end) {
            i = extension(line, i, start, end);
        }
    }

    /** One {@code BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ]}. */
    private static int extension(ByteBuf line, int from, int start, int end) {
        int semicolon = skipBws(line, from, end);
        if (semicolon == end || line.getByte(semicolon) != SEMICOLON) {
            // Also whitespace at the end of the line: BWS may only precede ";" or "=".
            throw refused("';' expected", semicolon, start);
        }
        int nameStart = skipBws(line, semicolon + 1, end);
        int nameEnd = token(line, nameStart, end);
        if (nameEnd == nameStart) {
            throw refused("empty chunk-ext-name", nameStart, start);
        }
        int equals = skipBws(line, nameEnd, end);
        if (equals == end || line.getByte(equals) != EQUALS) {
            // A name without a value; whatever follows must be the next extension.
            return nameEnd;
        }
        return value(line, skipBws(line, equals + 1, end), start, end);
    }

    /** {@code chunk-ext-val = token / quoted-string}; never empty. */
    private static int value(ByteBuf line, int from, int start, int end) {
        if (from < end && line.getByte(from) == DQUOTE) {
            return quotedString(line, from + 1, start, end);
        }
        int valueEnd = token(line, from, end);
        if (valueEnd == from) {
            throw refused("empty chunk-ext-val", from, start);
        }
        return valueEnd;
    }

    /**
     * RFC 9110 section 5.6.4, read from after the opening DQUOTE: {@code *( qdtext / quoted-pair )
     * DQUOTE}. The line ends at the first CRLF, so a quoted string cannot run across lines.
     */
    private static int quotedString(ByteBuf line, int from, int start, int end) {
        for (int i = from; i < end; i++) {
            byte b = line.getByte(i);
            if (b == DQUOTE) {
                return i + 1;
            }
            if (b == BACKSLASH) {
                i++;
                if (i == end || !isQuotable(line.getByte(i))) {
                    throw refused("bad quoted-pair", i, start);
                }
            } else if (!isQdtext(b)) {
                throw refused("control character in a quoted-string", i, start);
            }
        }
        throw refused("unterminated quoted-string", end, start);
    }

    /** {@code qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text}: quotable, less DQUOTE and "\". */
    private static boolean isQdtext(byte b) {
        return b != DQUOTE && b != BACKSLASH && isQuotable(b);
    }

    /** What may follow "\" in a quoted-pair: {@code HTAB / SP / VCHAR / obs-text}, i.e. no control character. */
    private static boolean isQuotable(byte b) {
        int c = b & 0xFF;
        return c == HeadSyntax.HTAB || c >= HeadSyntax.SP && c != 0x7F;
    }

    /** The index after the longest run of tchar from {@code from} (RFC 9110 section 5.6.2). */
    private static int token(ByteBuf line, int from, int end) {
        int i = from;
        while (i < end && HeadSyntax.isTchar(line.getByte(i))) {
            i++;
        }
        return i;
    }

    /** BWS (RFC 9110 section 5.6.3): any run of SP and HTAB. */
    private static int skipBws(ByteBuf line, int from, int end) {
        int i = from;
        while (i < end && HeadSyntax.isWhitespace(line.getByte(i))) {
            i++;
        }
        return i;
    }

    /** The position counts from the first byte after the chunk size; the bytes are not echoed to logs. */
    private static BadRequestException refused(String reason, int at, int start) {
        return new BadRequestException(Kind.INVALID_CHUNK_EXTENSION, reason + " at byte " + (at - start) + " of the chunk extensions");
    }
}
