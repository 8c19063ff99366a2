package dev.gateway.server.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.List;

/**
 * Decides whether a decoded request head may reach the application. Netty's decoder marks malformed
 * input as failed instead of throwing, and lets through some shapes that the strictest servers refuse;
 * this class covers both. A refused request is answered with the returned status and
 * {@code Connection: close}, and nothing more is read from its connection.
 */
final class RequestValidator {

    /** Why a request was refused: the status to answer and a line for the log. */
    record Rejection(HttpResponseStatus status, String reason) {
    }

    private final RequestLimits limits;

    RequestValidator(RequestLimits limits) {
        this.limits = limits;
    }

    /** Returns null when the request is acceptable, else the rejection. */
    Rejection check(HttpRequest request) {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            return decoderFailure(result.cause());
        }
        HttpVersion version = request.protocolVersion();
        // RFC 9112 section 2.3: only HTTP/1.0 and HTTP/1.1 are spoken here. Like Gunicorn, a 400:
        // bad input never earns a 5xx, which would count against the server in every dashboard.
        if (version.majorVersion() != 1 || version.minorVersion() > 1) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "unsupported version " + version);
        }
        List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
        // RFC 9112 section 3.2: a 1.1 request without Host, or with more than one, gets a 400.
        if (hosts.size() > 1) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "more than one Host header");
        }
        if (hosts.isEmpty() && version == HttpVersion.HTTP_1_1) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "HTTP/1.1 request without Host");
        }
        if (request.headers().size() > limits.requestFields()) {
            return new Rejection(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "more than " + limits.requestFields() + " header fields");
        }
        return null;
    }

    /** Maps a decoder failure to its status: a too-long line or head has its own code, the rest are 400. */
    static Rejection decoderFailure(Throwable cause) {
        String reason = cause == null ? "malformed request" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (cause instanceof TooLongHttpLineException) {
            return new Rejection(HttpResponseStatus.REQUEST_URI_TOO_LONG, reason);
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return new Rejection(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, reason);
        }
        if (cause instanceof TooLongFrameException) {
            return new Rejection(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, reason);
        }
        return new Rejection(HttpResponseStatus.BAD_REQUEST, reason);
    }
}
