package dev.gateway.server.http;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.util.Map;

/**
 * The request head the rest of the path expects (an {@link HttpRequest} of version
 * {@code HTTP/2.0}, the environ's {@code SERVER_PROTOCOL}), made straight from a stream's HEADERS:
 * the pseudo-header fields become the request line and {@code Host} (RFC 9113 section 8.3.1), and
 * the cookie crumbs are joined into one field (RFC 9113 section 8.2.3).
 */
final class Http2RequestHead {

    /** {@code SERVER_PROTOCOL} of a request over HTTP/2. */
    static final HttpVersion HTTP_2 = HttpVersion.valueOf("HTTP/2.0");

    /**
     * The HPACK decoder already checked the names (lower-case tokens, no connection-specific
     * fields: RFC 9113 section 8.2); values are checked here (RFC 9113 section 8.2.1: no NUL, CR or LF).
     */
    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withNameValidation(false);

    private Http2RequestHead() {
    }

    /**
     * The request of {@code fields}; null when it is malformed (RFC 9113 section 8.1.1): a missing
     * {@code :method} or {@code :path} (a CONNECT without a path is not served), or a field value
     * that is not allowed.
     */
    static HttpRequest of(Http2Headers fields) {
        CharSequence method = fields.method();
        CharSequence path = fields.path();
        if (method == null || path == null || path.isEmpty()) {
            return null;
        }
        HttpHeaders headers = HEADERS.newHeaders();
        StringBuilder cookie = null;
        try {
            for (Map.Entry<CharSequence, CharSequence> field : fields) {
                CharSequence name = field.getKey();
                if (Http2Headers.PseudoHeaderName.hasPseudoHeaderFormat(name)) {
                    continue;
                }
                if (AsciiString.contentEquals(name, HttpHeaderNames.COOKIE)) {
                    cookie = cookie == null ? new StringBuilder(field.getValue()) : cookie.append("; ").append(field.getValue());
                } else {
                    headers.add(name, field.getValue());
                }
            }
            if (cookie != null) {
                headers.add(HttpHeaderNames.COOKIE, cookie.toString());
            }
            addHost(headers, fields.authority());
        } catch (IllegalArgumentException e) {
            return null;
        }
        return new DefaultHttpRequest(HTTP_2, HttpMethod.valueOf(method.toString()), path.toString(), headers);
    }

    /**
     * RFC 9113 section 8.3.1: {@code :authority} stands for {@code Host}. A Host field that names
     * another authority is kept beside it, and the request is refused as having two.
     */
    private static void addHost(HttpHeaders headers, CharSequence authority) {
        if (authority == null) {
            return;
        }
        String host = headers.get(HttpHeaderNames.HOST);
        if (host == null || !AsciiString.contentEqualsIgnoreCase(host, authority)) {
            headers.add(HttpHeaderNames.HOST, authority);
        }
    }
}
