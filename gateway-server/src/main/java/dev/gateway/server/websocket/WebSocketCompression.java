package dev.gateway.server.websocket;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionUtil;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.util.Map;

/**
 * permessage-deflate (RFC 7692) negotiation with Netty's handshaker: the first offer the server can
 * honour wins (section 5), else the socket is uncompressed.
 */
final class WebSocketCompression {

    /** zlib's default level: most of the gain for a fraction of level 9's CPU. */
    private static final int LEVEL = 6;

    private WebSocketCompression() {
    }

    /** The extension agreed for {@code request}, or null: none offered, none acceptable, or compression off. */
    static WebSocketServerExtension negotiate(HttpRequest request, WebSocketOptions options) {
        String offered = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
        if (!options.compression() || offered == null) {
            return null;
        }
        // The JDK's zlib has one window size: an offer that asks the server for a smaller one
        // (server_max_window_bits) is declined. server_no_context_takeover is honoured. The
        // decoder's allocation is capped at the message limit: a small frame cannot inflate past it.
        PerMessageDeflateServerExtensionHandshaker handshaker = new PerMessageDeflateServerExtensionHandshaker(
                LEVEL, false, PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE, true, false, options.maxMessageSize());
        try {
            for (WebSocketExtensionData data : WebSocketExtensionUtil.extractExtensions(offered)) {
                WebSocketServerExtension extension = handshaker.handshakeExtension(data);
                if (extension != null) {
                    return extension;
                }
            }
        } catch (RuntimeException e) {
            return null; // an offer that does not parse is no offer (section 5.1 lets the server decline)
        }
        return null;
    }

    /** The {@code Sec-WebSocket-Extensions} answer for {@code extension}: {@code name; param=value; flag}. */
    static String responseHeader(WebSocketServerExtension extension) {
        WebSocketExtensionData data = extension.newReponseData();
        StringBuilder value = new StringBuilder(data.name());
        for (Map.Entry<String, String> parameter : data.parameters().entrySet()) {
            value.append("; ").append(parameter.getKey());
            if (parameter.getValue() != null) {
                value.append('=').append(parameter.getValue());
            }
        }
        return value.toString();
    }
}
