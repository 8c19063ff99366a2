package dev.gateway.spi.websocket;

import java.nio.charset.StandardCharsets;

/**
 * One whole WebSocket message, reassembled from its fragments (RFC 6455 section 5.4): text (UTF-8,
 * already validated by the server) or binary. The array belongs to the receiver.
 *
 * @param isText true for a text message, false for a binary one
 * @param data   the payload; for a text message its UTF-8 bytes
 */
public record Message(boolean isText, byte[] data) {

    /** A text message of {@code text}. */
    public static Message text(String text) {
        return new Message(true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A binary message of {@code data}. */
    public static Message binary(byte[] data) {
        return new Message(false, data);
    }

    /** The payload decoded as UTF-8 (for a binary message too, which is then the caller's choice). */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }
}
