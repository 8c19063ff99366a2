package dev.gateway.server.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;

/**
 * The request body was refused while the application read it: it broke its chunked framing (bad
 * chunk size, extension or terminator: 400) or grew past {@code limit_request_body} (413). The
 * client's error, answered with {@link #status()} if the response has not started.
 */
final class RefusedBodyException extends IOException {

    private final HttpResponseStatus status;

    RefusedBodyException(HttpResponseStatus status, String reason) {
        super("request body refused: " + reason);
        this.status = status;
    }

    /** The status the client gets. */
    HttpResponseStatus status() {
        return status;
    }
}
