package dev.gateway.server.http;

import java.io.IOException;

/** The client went away while the response was being written or the request body read. */
final class ClientDisconnectedException extends IOException {

    ClientDisconnectedException(String message) {
        super(message);
    }
}
