package dev.gateway.server.http;

import io.netty.handler.codec.http.HttpVersion;

/**
 * How a response body is delimited on the wire (RFC 9112 section 6.3), decided once per response from
 * the status, the request method and version, and what is known of the body's length.
 */
enum Framing {
    /** No body at all: HEAD, 1xx, 204, 304 (RFC 9110 sections 6.4.1, 9.3.2, 15.3.5, 15.4.5). */
    NO_BODY,
    /** {@code Content-Length}: given by the application or known from the body. */
    CONTENT_LENGTH,
    /** {@code Transfer-Encoding: chunked}: HTTP/1.1 with an unknown length. */
    CHUNKED,
    /** The end of the body is the end of the connection: HTTP/1.0 with an unknown length. */
    CLOSE_DELIMITED,
    /** The end of the body is the end of the stream: HTTP/2 with an unknown length (RFC 9113 section 8.1). */
    STREAM;

    /**
     * @param statusCode the response status
     * @param head       true for a HEAD request
     * @param version    the request's version
     * @param length     the body length, or -1 when unknown
     */
    static Framing decide(int statusCode, boolean head, HttpVersion version, long length) {
        if (statusCode < 200 || statusCode == 204 || statusCode == 304) {
            return NO_BODY;
        }
        if (length >= 0) {
            return CONTENT_LENGTH;
        }
        if (head) {
            return NO_BODY;
        }
        if (version.majorVersion() == 2) {
            return STREAM;
        }
        return version == HttpVersion.HTTP_1_1 ? CHUNKED : CLOSE_DELIMITED;
    }

    /** True when the response may send {@code Content-Length} (never for 1xx and 204, RFC 9110 section 8.6). */
    boolean sendsLength() {
        return this == CONTENT_LENGTH;
    }
}
