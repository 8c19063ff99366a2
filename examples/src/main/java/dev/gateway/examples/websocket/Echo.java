package dev.gateway.examples.websocket;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import dev.gateway.spi.websocket.Message;
import dev.gateway.spi.websocket.WebSocket;
import dev.gateway.spi.websocket.WebSocketUpgrade;
import java.util.List;

/**
 * A WebSocket echo server: every message comes back as it was sent, text as text, binary as binary.
 * A plain HTTP request gets {@code 426 Upgrade Required}. The whole session is an ordinary blocking
 * loop; under {@code -k virtual} each open socket costs one virtual thread.
 *
 * <pre>bin/gateway -k virtual --classpath examples/target/classes dev.gateway.examples.websocket.Echo
 * python3 -m websockets ws://127.0.0.1:8000/     (or any WebSocket client)</pre>
 */
public final class Echo implements Application {

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        WebSocketUpgrade upgrade = WebSocketUpgrade.of(environ);
        if (upgrade == null) {
            startResponse.start("426 Upgrade Required", List.of(Header.of("Content-Type", "text/plain; charset=utf-8"),
                    Header.of("Sec-WebSocket-Version", "13")));
            return Body.of("This is a WebSocket echo server.\n");
        }
        WebSocket socket = upgrade.accept();
        for (Message message; (message = socket.receive()) != null; ) {
            if (message.isText()) {
                socket.sendText(message.text());
            } else {
                socket.sendBinary(message.data());
            }
        }
        return Body.empty(); // the peer closed; the server completes the close handshake
    }
}
