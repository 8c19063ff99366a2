package dev.gateway.server.http;

import java.io.IOException;

/** The request body broke its framing (bad chunk size, extension or terminator): the client's error, a 400. */
final class MalformedBodyException extends IOException {

    MalformedBodyException(String reason) {
        super("malformed request body: " + reason);
    }
}
