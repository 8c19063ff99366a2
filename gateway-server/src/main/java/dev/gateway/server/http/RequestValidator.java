package dev.gateway.server.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.SocketAddress;
import java.util.List;

/**
 * Decides whether a decoded request head may reach the application: the decoder's verdict (syntax,
 * limits, framing: {@link RequestDecoder}), then the rules about what the fields mean. A refused
 * request is answered with the returned status and {@code Connection: close}, and nothing more is
 * read from its connection.
 */
final class RequestValidator {

    /** Why a request was refused: the status to answer and a line for the log. */
    record Rejection(HttpResponseStatus status, String reason) {
    }

    private final HttpRules rules;
    private final ForwardedHeaders forwardedHeaders;

    RequestValidator(HttpRules rules) {
        this.rules = rules;
        this.forwardedHeaders = new ForwardedHeaders(rules);
    }

    /** Returns null when the request is acceptable, else the rejection. */
    Rejection check(HttpRequest request) {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            return decoderFailure(result.cause());
        }
        List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
        // RFC 9112 section 3.2: a request with more than one Host gets a 400; so does an HTTP/1.1
        // request without one (require_host, on by default; Gunicorn does not check this).
        if (hosts.size() > 1) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "more than one Host header");
        }
        if (hosts.isEmpty() && rules.requireHost() && request.protocolVersion() == HttpVersion.HTTP_1_1) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "HTTP/1.1 request without Host");
        }
        // RFC 9112 section 3.2: ... and to a request whose Host has an invalid field value.
        if (hosts.size() == 1 && !HostHeader.isValid(hosts.get(0))) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "invalid Host header");
        }
        // RFC 9110 section 8.3: Content-Type is a singleton field; two of them cannot both be meant.
        if (request.headers().getAll(HttpHeaderNames.CONTENT_TYPE).size() > 1) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "more than one Content-Type header");
        }
        // RFC 9110 section 10.1.1: 100-continue is the only expectation defined; others get 417.
        String expect = request.headers().get(HttpHeaderNames.EXPECT);
        if (expect != null && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect.strip())) {
            return new Rejection(HttpResponseStatus.EXPECTATION_FAILED, "unknown expectation: " + expect);
        }
        return null;
    }

    /**
     * The request as the client made it: the scheme, address and host a trusted proxy reports, or
     * the connection's own. A reported host replaces the request's Host, which becomes
     * {@code HTTP_HOST}. Throws BadRequestException when a trusted proxy's headers are invalid.
     *
     * @param listenerScheme the scheme of the listener the request came in on
     */
    ForwardedHeaders.Forwarded forwarded(HttpRequest request, SocketAddress peer, String listenerScheme) {
        ForwardedHeaders.Forwarded forwarded = forwardedHeaders.read(request.headers(), peer, listenerScheme);
        if (forwarded.host() != null) {
            request.headers().set(HttpHeaderNames.HOST, forwarded.host());
        }
        return forwarded;
    }

    /** Maps a decoder failure to its status: the decoder's own verdict, else 400. */
    static Rejection decoderFailure(Throwable cause) {
        if (cause instanceof BadRequestException bad) {
            return new Rejection(bad.status(), bad.getMessage());
        }
        String reason = cause == null ? "malformed request" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new Rejection(HttpResponseStatus.BAD_REQUEST, reason);
    }
}
