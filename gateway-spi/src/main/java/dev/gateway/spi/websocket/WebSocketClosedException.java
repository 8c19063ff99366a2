package dev.gateway.spi.websocket;

import java.io.IOException;

/**
 * A send on a session that is closed: this side sent its close frame, the peer's close came, or the
 * connection is gone. {@link WebSocket#closeCode()} tells how the peer ended it.
 */
public class WebSocketClosedException extends IOException {

    private static final long serialVersionUID = 1L;

    /** An exception with {@code message}. */
    public WebSocketClosedException(String message) {
        super(message);
    }
}
