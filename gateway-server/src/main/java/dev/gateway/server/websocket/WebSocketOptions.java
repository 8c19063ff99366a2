package dev.gateway.server.websocket;

import java.time.Duration;
import java.util.List;

/**
 * The WebSocket settings every connection of one server shares (the {@code websocket_*} settings).
 *
 * @param maxFrameSize   the largest frame payload accepted, in bytes
 * @param maxMessageSize the largest message accepted after reassembly and decompression, in bytes
 * @param idleTimeout    how long a socket may go without a frame either way; zero for no limit
 * @param compression    negotiate permessage-deflate when offered
 * @param allowedOrigins origins besides the request's own that may open a socket ({@code *}: any)
 */
public record WebSocketOptions(int maxFrameSize, int maxMessageSize, Duration idleTimeout, boolean compression,
                               List<String> allowedOrigins) {

    /** The settings' defaults. */
    public static final WebSocketOptions DEFAULTS = new WebSocketOptions(65536, 1 << 20, Duration.ofSeconds(300), true, List.of());

    public WebSocketOptions {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** True when {@code origin} is in the list (case-insensitively, as RFC 6454 serializes it lower-case), or the list has {@code *}. */
    boolean allows(String origin) {
        return allowedOrigins.stream().anyMatch(allowed -> allowed.equals("*") || allowed.equalsIgnoreCase(origin));
    }
}
