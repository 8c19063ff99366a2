package dev.gateway.spi.websocket;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An open WebSocket session (RFC 6455), as {@link WebSocketUpgrade#accept} returns it: blocking, like
 * {@code gateway.input}. The application uses it from inside its {@code call()}; when {@code call()}
 * returns, the server ends the session (a close with 1000 if nobody closed it yet).
 *
 * <p>Rules (docs/spec.md, "WebSocket"):
 * <ul>
 *   <li>{@link #receive()} returns whole messages, reassembled from their fragments; text messages are
 *       valid UTF-8 (the server closed the socket with 1007 otherwise). It returns {@code null} once the
 *       session ended: the peer's close came, the connection broke, or the server went away.
 *       One thread receives at a time.</li>
 *   <li>Sends may come from any thread (a chat room sends to every member); each message goes out
 *       whole, never interleaved with another. A send blocks while the connection cannot take more
 *       output (backpressure): nothing is queued without bound.</li>
 *   <li>Pings from the peer are answered by the server; pongs are not delivered.</li>
 *   <li>After {@link #close} nothing more may be sent (WS-6); a send on a closed session throws
 *       {@link WebSocketClosedException}.</li>
 * </ul>
 */
public interface WebSocket {

    /** 1000: the purpose of the connection was fulfilled. */
    int NORMAL_CLOSURE = 1000;
    /** 1001: the endpoint is going away (the server stops, restarts, or found the socket idle). */
    int GOING_AWAY = 1001;
    /** 1002: the peer broke the protocol. */
    int PROTOCOL_ERROR = 1002;
    /** 1003: a message of a type the endpoint cannot accept. */
    int UNSUPPORTED_DATA = 1003;
    /** 1005: the peer's close frame carried no code (never sent). */
    int NO_STATUS_RECEIVED = 1005;
    /** 1006: the connection ended without a close frame (never sent). */
    int ABNORMAL_CLOSURE = 1006;
    /** 1007: a text message that is not UTF-8. */
    int INVALID_PAYLOAD = 1007;
    /** 1008: a message that breaks the endpoint's policy. */
    int POLICY_VIOLATION = 1008;
    /** 1009: a message too big to process. */
    int MESSAGE_TOO_BIG = 1009;
    /** 1011: the endpoint failed. */
    int INTERNAL_ERROR = 1011;

    /**
     * The next whole message, waiting for it as long as it takes (the server's idle timeout ends a
     * silent session).
     *
     * @return the message, or {@code null} once the session ended
     * @throws IOException the thread was interrupted
     */
    Message receive() throws IOException;

    /** Sends a text message. */
    void sendText(String text) throws IOException;

    /** Sends a binary message. */
    void sendBinary(byte[] data) throws IOException;

    /**
     * Starts a message sent in fragments (RFC 6455 section 5.4): each {@code write} of the returned
     * stream sends one fragment, {@code close()} ends the message. Until then no other message goes
     * out on this session (other senders wait). A text message's fragments together are UTF-8.
     *
     * @param text true for a text message, false for a binary one
     */
    OutputStream sendStream(boolean text) throws IOException;

    /** Sends a ping with up to 125 bytes of {@code data}; the peer's pong is not delivered. */
    void ping(byte[] data) throws IOException;

    /**
     * Starts the close handshake with {@code code} (1000-1003, 1007-1014 or 3000-4999) and a
     * {@code reason} of at most 123 UTF-8 bytes (RFC 6455 section 5.5.1). {@link #receive()} then
     * returns what arrives until the peer's close, then {@code null}. A second close does nothing.
     */
    void close(int code, String reason) throws IOException;

    /** {@code close(1000, "")}. */
    default void close() throws IOException {
        close(NORMAL_CLOSURE, "");
    }

    /**
     * How the peer ended the session: the code of its close frame, {@link #NO_STATUS_RECEIVED} for a
     * close frame without one, {@link #ABNORMAL_CLOSURE} when the connection ended without any; -1
     * while the peer has not closed.
     */
    int closeCode();

    /** The reason of the peer's close frame ({@code ""} when none came). */
    String closeReason();

    /** The subprotocol accepted, or {@code null}. */
    String subprotocol();

    /** True until this side sent its close or the session ended. */
    boolean isOpen();
}
