package dev.gateway.server.http;

/**
 * Where one HTTP/1.1 connection is, as its {@link GatewayHandler} sees it. A keep-alive connection
 * cycles {@code AWAITING_HEAD -> READING_BODY -> RESPONDING -> AWAITING_HEAD}; the transitions are
 * listed on {@link GatewayHandler} and in docs/architecture.md.
 *
 * <p>The phase decides whether a read may pass ({@link #takesInput}): the channel runs with auto-read
 * off behind a flow-control handler that delivers one message per read, so a message arrives only
 * when the phase asked for it. While an exchange answers ({@link #RESPONDING}) nothing is read,
 * which is what keeps responses in request order (RFC 9112 section 9.3.2): the next request head
 * is read only once the previous response has been written.
 */
enum ConnectionPhase {

    /** Between requests: the next head is read; the idle deadline (header or keep-alive timeout) runs. */
    AWAITING_HEAD(true),
    /** An exchange runs and its body is still arriving: read as the application consumes it. */
    READING_BODY(true),
    /** An exchange runs and nothing more belongs to it (its body ended, or the server answers itself): nothing is read. */
    RESPONDING(false),
    /** The response is complete; the body the application left unread is read and dropped, up to a budget. */
    DRAINING(true),
    /** The last response went out and the sending side is shut: input is read and dropped until the client closes. */
    LINGERING(true),
    /**
     * The connection became a WebSocket: the 101 went out and the WebSocket handlers, ahead of this
     * one, read the socket and run the protocol; the HTTP handler only waits for the end.
     */
    UPGRADED(false),
    /** Closed, or closing. */
    CLOSED(false);

    private final boolean takesInput;

    ConnectionPhase(boolean takesInput) {
        this.takesInput = takesInput;
    }

    /** True when a read may pass in this phase: the next message in the stream belongs to it. */
    boolean takesInput() {
        return takesInput;
    }
}
