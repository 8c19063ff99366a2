package dev.gateway.server.http;

import dev.gateway.server.http.BadRequestException.Kind;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Locale;

/**
 * How long a request body is (RFC 9112 section 6.3), decided from a complete head. Every ambiguity
 * that request smuggling feeds on is refused here: two Content-Lengths, Content-Length with chunked,
 * chunked twice or not last, chunked on HTTP/1.0.
 */
final class BodyFraming {

    /** The body is chunked. */
    static final long CHUNKED = -1;

    private BodyFraming() {
    }

    /** Returns {@link #CHUNKED} or the body length (0 when the head announces none). */
    static long of(HttpHeaders headers, HttpVersion version) {
        boolean chunked = transferEncodingIsChunked(headers.getAll(HttpHeaderNames.TRANSFER_ENCODING));
        List<String> lengths = headers.getAll(HttpHeaderNames.CONTENT_LENGTH);
        if (lengths.size() > 1) {
            // RFC 9112 section 6.3 item 5: differing (or repeated) lengths are unrecoverable.
            throw new BadRequestException(Kind.INVALID_HEADER, "more than one Content-Length");
        }
        if (chunked) {
            if (version == HttpVersion.HTTP_1_0) {
                // RFC 9112 section 6.1: chunked is defined for HTTP/1.1 only.
                throw new BadRequestException(Kind.INVALID_HEADER, "chunked body on HTTP/1.0");
            }
            if (!lengths.isEmpty()) {
                // RFC 9112 section 6.1: a sender must not send both; refusing closes the smuggling door.
                throw new BadRequestException(Kind.INVALID_HEADER, "Content-Length with Transfer-Encoding");
            }
            return CHUNKED;
        }
        return lengths.isEmpty() ? 0 : contentLength(lengths.get(0));
    }

    /**
     * RFC 9112 section 6.1: the codings apply in order and chunked must be the last one, once.
     * {@code identity} (no coding) is skipped; gzip, deflate and compress may come before chunked; any
     * other coding gets 501 (RFC 9112 section 6.1). A coded body that is not chunked has no knowable
     * length: 400 (RFC 9112 section 6.3 item 4).
     */
    private static boolean transferEncodingIsChunked(List<String> values) {
        boolean chunked = false;
        boolean coded = false;
        for (String value : values) {
            for (String element : value.split(",", -1)) {
                String coding = element.strip().toLowerCase(Locale.ROOT);
                switch (coding) {
                    case "chunked" -> {
                        if (chunked) {
                            throw new BadRequestException(Kind.INVALID_HEADER, "chunked applied twice");
                        }
                        chunked = true;
                    }
                    case "identity", "gzip", "x-gzip", "deflate", "compress", "x-compress" -> {
                        if (chunked) {
                            throw new BadRequestException(Kind.INVALID_HEADER, "a coding after chunked");
                        }
                        coded |= !coding.equals("identity");
                    }
                    default -> throw new BadRequestException(Kind.UNSUPPORTED_TRANSFER_CODING, value);
                }
            }
        }
        if (coded && !chunked) {
            throw new BadRequestException(Kind.INVALID_HEADER, "coded body without chunked framing");
        }
        return chunked;
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
