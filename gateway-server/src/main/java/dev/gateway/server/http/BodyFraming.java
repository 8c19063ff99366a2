package dev.gateway.server.http;

import dev.gateway.server.http.BadRequestException.Kind;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How long a request body is (RFC 9112 section 6.3), decided from a complete head. Every ambiguity
 * that request smuggling feeds on is refused here: two Content-Lengths, Content-Length with
 * Transfer-Encoding, a Transfer-Encoding whose final coding is not chunked (identity alone
 * included), chunked twice, any Transfer-Encoding on HTTP/1.0. All are 400 and close; a
 * transfer coding we do not know, or one with parameters, in an otherwise sound framing is 501.
 */
final class BodyFraming {

    /** The body is chunked. */
    static final long CHUNKED = -1;

    /**
     * The codings allowed before chunked: no-ops to us, handed to the application still coded.
     * {@code identity} is RFC 2616's "no coding", dropped since RFC 7230 but kept ahead of chunked
     * because Gunicorn's corpus keeps {@code identity, chunked} valid (valid/029, valid/030); x-gzip
     * and x-compress are the aliases RFC 9112 section 7.2 asks a recipient to accept.
     */
    private static final Set<String> CODINGS_BEFORE_CHUNKED = Set.of("identity", "gzip", "x-gzip", "deflate", "compress", "x-compress");

    private BodyFraming() {
    }

    /**
     * True when a head that {@link #of} accepted announces a body: Transfer-Encoding (which
     * {@link #of} has checked frames it as chunked) or a Content-Length above zero. A request that
     * came whole (the decoder's message for a head without a body) is answered without a lookup:
     * each is a hash and a compare, and for a GET Netty's Content-Length also looks for WebSocket
     * draft-76 keys.
     */
    static boolean announcesBody(HttpRequest request) {
        if (request instanceof LastHttpContent) {
            return false;
        }
        return request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING) || HttpUtil.getContentLength(request, 0L) > 0;
    }

    /** Returns {@link #CHUNKED} or the body length (0 when the head announces none). */
    static long of(HttpHeaders headers, HttpVersion version) {
        List<String> lengths = headers.getAll(HttpHeaderNames.CONTENT_LENGTH);
        if (lengths.size() > 1) {
            // RFC 9112 section 6.3 item 5: differing (or repeated) lengths are unrecoverable.
            throw new BadRequestException(Kind.INVALID_HEADER, "more than one Content-Length");
        }
        List<String> encodings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!encodings.isEmpty()) {
            checkTransferEncoding(encodings, version, !lengths.isEmpty());
            return CHUNKED;
        }
        return lengths.isEmpty() ? 0 : contentLength(lengths.get(0));
    }

    /**
     * Returns normally only for a Transfer-Encoding that frames the body as chunked. A broken
     * framing is a 400 whatever codings it names (RFC 9112 section 6.3 item 4 says MUST); only in a
     * sound framing is a coding we lack a 501 (section 6.1 says SHOULD). Both close the connection.
     */
    private static void checkTransferEncoding(List<String> values, HttpVersion version, boolean hasContentLength) {
        if (version == HttpVersion.HTTP_1_0) {
            // RFC 9112 section 6.1: an HTTP/1.0 message with Transfer-Encoding has a faulty framing,
            // whatever the codings: HTTP/1.0 has no transfer codings.
            throw new BadRequestException(Kind.INVALID_HEADER, "Transfer-Encoding on HTTP/1.0");
        }
        if (hasContentLength) {
            // RFC 9112 section 6.1 (a sender must not send both) and 6.3 item 3 (a request with both
            // may be smuggling and is to be handled as an error, then closed).
            throw new BadRequestException(Kind.INVALID_HEADER, "Content-Length with Transfer-Encoding");
        }
        List<Coding> codings = new ArrayList<>();
        for (String value : values) {
            for (String element : value.split(",", -1)) {
                codings.add(Coding.parse(element, value));
            }
        }
        requireChunkedLastAndOnce(codings, values);
        for (Coding coding : codings) {
            requireSupported(coding);
        }
    }

    /**
     * RFC 9112 section 6.3 item 4: when chunked is not the final coding the length cannot be
     * determined: 400 and close. This covers {@code identity} alone, {@code gzip} alone and
     * {@code chunked, gzip}. RFC 9112 section 6.1: chunked must not be applied twice.
     */
    private static void requireChunkedLastAndOnce(List<Coding> codings, List<String> values) {
        if (!codings.getLast().name().equals("chunked")) {
            throw new BadRequestException(Kind.INVALID_HEADER, "chunked is not the final transfer coding: " + String.join(", ", values));
        }
        if (codings.stream().filter(c -> c.name().equals("chunked")).count() > 1) {
            throw new BadRequestException(Kind.INVALID_HEADER, "chunked applied more than once: " + String.join(", ", values));
        }
    }

    /**
     * RFC 9112 section 6.1: a transfer coding the server does not understand gets 501. None of the
     * codings we know defines a parameter (RFC 9112 sections 7.1 and 7.2), so a coding with one,
     * well formed or not, is one we cannot honour: 501 too, its parameters left unread.
     */
    private static void requireSupported(Coding coding) {
        if (!coding.name().equals("chunked") && !CODINGS_BEFORE_CHUNKED.contains(coding.name())) {
            throw new BadRequestException(Kind.UNSUPPORTED_TRANSFER_CODING, coding.name());
        }
        if (coding.hasParameters()) {
            throw new BadRequestException(Kind.UNSUPPORTED_TRANSFER_CODING, "parameters on transfer coding " + coding.name());
        }
    }

    /** One element of Transfer-Encoding: its coding name, lower-cased, and whether parameters follow it. */
    private record Coding(String name, boolean hasParameters) {

        /**
         * RFC 9110 section 10.1.4: {@code transfer-coding = token *( OWS ";" OWS transfer-parameter )},
         * the names case-insensitive (RFC 9112 section 7). Splitting the field at every comma may cut
         * a quoted parameter value in two; both halves are refused anyway (400 or 501).
         */
        static Coding parse(String element, String value) {
            String coding = trimOws(element);
            if (coding.isEmpty()) {
                // "chunked,", ", chunked", an empty field. RFC 9110 section 5.6.1.2 asks a recipient
                // to ignore "a reasonable number" of empty list elements; in the one field that
                // frames the body we deliberately ignore none: a peer that reads them another way
                // frames the body another way (RFC 9112 section 11.2). 400 and close.
                throw new BadRequestException(Kind.INVALID_HEADER, "empty element in Transfer-Encoding: " + value);
            }
            int semicolon = coding.indexOf(';');
            String name = semicolon < 0 ? coding : trimOws(coding.substring(0, semicolon));
            if (!HeadSyntax.isToken(name)) {
                throw new BadRequestException(Kind.INVALID_HEADER, "not a transfer coding in Transfer-Encoding: " + value);
            }
            return new Coding(name.toLowerCase(Locale.ROOT), semicolon >= 0);
        }

        /** OWS (RFC 9110 section 5.6.3): SP and HTAB only. */
        private static String trimOws(String s) {
            int start = 0;
            int end = s.length();
            while (start < end && isOws(s.charAt(start))) {
                start++;
            }
            while (end > start && isOws(s.charAt(end - 1))) {
                end--;
            }
            return s.substring(start, end);
        }

        private static boolean isOws(char c) {
            return c == ' ' || c == '\t';
        }
    }

    /** RFC 9110 section 8.6: {@code 1*DIGIT}; no sign, no list, no spaces inside. */
    private static long contentLength(String value) {
        if (value.isEmpty() || value.length() > 18) {
            throw new BadRequestException(Kind.INVALID_HEADER, "Content-Length: " + value);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new BadRequestException(Kind.INVALID_HEADER, "Content-Length: " + value);
            }
        }
        return Long.parseLong(value);
    }
}
