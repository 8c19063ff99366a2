package dev.gateway.spi.websocket;

import dev.gateway.spi.EnvironKeys;
import dev.gateway.spi.Header;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A request's offer to become a WebSocket (RFC 6455 section 4): found in the environ under
 * {@link EnvironKeys#WEBSOCKET} when, and only when, the request is a valid opening handshake (the
 * server answered a broken one itself). The application either declines, by answering as usual with
 * {@code start()} and a body (a 403, a 404, a page saying WebSocket is needed), or accepts:
 *
 * <pre>{@code
 * WebSocketUpgrade upgrade = WebSocketUpgrade.of(environ);
 * if (upgrade == null) { ... an ordinary response ... }
 * WebSocket socket = upgrade.accept();
 * for (Message m; (m = socket.receive()) != null; ) {
 *     socket.sendText(m.text());
 * }
 * return Body.empty();
 * }</pre>
 *
 * <p>Rules (docs/spec.md, "WebSocket"; WS-2 to WS-5): {@code accept} is called at most once, before
 * {@code start()} and instead of it; the subprotocol chosen is {@code null} or one the client
 * offered; the extra headers follow the header rules and leave the handshake headers
 * ({@code Sec-WebSocket-*}) to the server; after accepting, {@code call()} returns an empty body
 * once the session is over.
 */
public interface WebSocketUpgrade {

    /** The upgrade offer in {@code environ}, or {@code null} when the request does not ask for one. */
    static WebSocketUpgrade of(Map<String, Object> environ) {
        return environ.get(EnvironKeys.WEBSOCKET) instanceof WebSocketUpgrade upgrade ? upgrade : null;
    }

    /** The subprotocols the client offered ({@code Sec-WebSocket-Protocol}), in its order of preference. */
    List<String> subprotocols();

    /**
     * Accepts: the server answers {@code 101 Switching Protocols} now and returns the open session.
     *
     * @param subprotocol one of {@link #subprotocols()}, or {@code null} for none
     * @param headers     extra response headers (cookies, for example); not hop-by-hop, not {@code Sec-WebSocket-*}
     * @throws IOException           the client went away before the answer went out
     * @throws IllegalStateException called twice, or after {@code start()}
     * @throws IllegalArgumentException the subprotocol was not offered, or a header breaks the rules
     */
    WebSocket accept(String subprotocol, List<Header> headers) throws IOException;

    /** {@code accept(null, List.of())}. */
    default WebSocket accept() throws IOException {
        return accept(null, List.of());
    }
}
