package dev.gateway.server.http;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A request the parser refuses: the status to answer, and the kind of error under Gunicorn's name
 * ({@code InvalidHeader}, {@code LimitRequestLine}, ...) so logs and tests can tell the cases apart.
 * It travels as the cause of a failed {@code DecoderResult}, never thrown to Netty.
 */
final class BadRequestException extends DecoderException {

    /** The error kinds, each with the status Gunicorn answers it with. */
    enum Kind {
        INVALID_REQUEST_LINE(HttpResponseStatus.BAD_REQUEST),
        INVALID_REQUEST_METHOD(HttpResponseStatus.BAD_REQUEST),
        INVALID_HTTP_VERSION(HttpResponseStatus.BAD_REQUEST),
        INVALID_HEADER(HttpResponseStatus.BAD_REQUEST),
        INVALID_HEADER_NAME(HttpResponseStatus.BAD_REQUEST),
        OBSOLETE_FOLDING(HttpResponseStatus.BAD_REQUEST),
        LIMIT_REQUEST_LINE(HttpResponseStatus.BAD_REQUEST),
        LIMIT_REQUEST_HEADERS(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE),
        UNSUPPORTED_TRANSFER_CODING(HttpResponseStatus.NOT_IMPLEMENTED),
        INVALID_CHUNK_SIZE(HttpResponseStatus.BAD_REQUEST),
        INVALID_CHUNK_EXTENSION(HttpResponseStatus.BAD_REQUEST),
        CHUNK_MISSING_TERMINATOR(HttpResponseStatus.BAD_REQUEST),
        NO_MORE_DATA(HttpResponseStatus.BAD_REQUEST),
        LIMIT_REQUEST_BODY(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE),
        INVALID_SCHEME_HEADERS(HttpResponseStatus.BAD_REQUEST),
        INVALID_PROXY_LINE(HttpResponseStatus.BAD_REQUEST),
        FORBIDDEN_PROXY_REQUEST(HttpResponseStatus.FORBIDDEN),
        EXPECTATION_FAILED(HttpResponseStatus.EXPECTATION_FAILED);

        private final HttpResponseStatus status;

        Kind(HttpResponseStatus status) {
            this.status = status;
        }

        HttpResponseStatus status() {
            return status;
        }
    }

    private final Kind kind;

    BadRequestException(Kind kind, String detail) {
        super(kind + ": " + detail);
        this.kind = kind;
    }

    /** Bad input is common and its place in our code says nothing: no stack trace to fill. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    Kind kind() {
        return kind;
    }

    HttpResponseStatus status() {
        return kind.status();
    }
}
