package dev.gateway.testapps;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import dev.gateway.spi.websocket.Message;
import dev.gateway.spi.websocket.WebSocket;
import dev.gateway.spi.websocket.WebSocketUpgrade;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * WebSocket behaviours by path: {@code /echo} echoes every message (choosing the subprotocol
 * {@code echo} when offered; the text {@code fragments:N} is answered with one message of N
 * fragments, {@code close:CODE} with a close of that code); {@code /nope} declines with 403;
 * {@code /greet} sends {@code hello} and returns, leaving the close to the server. An ordinary
 * request gets {@code 426}.
 */
public final class Sockets implements Application {

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        WebSocketUpgrade upgrade = WebSocketUpgrade.of(environ);
        if (upgrade == null || environ.pathInfo().equals("/nope")) {
            String status = upgrade == null ? "426 Upgrade Required" : "403 Forbidden";
            startResponse.start(status, List.of(Header.of("Content-Type", "text/plain")));
            return Body.of(status + "\n");
        }
        String subprotocol = upgrade.subprotocols().contains("echo") ? "echo" : null;
        WebSocket socket = upgrade.accept(subprotocol, List.of(Header.of("X-Socket", "yes")));
        if (environ.pathInfo().equals("/greet")) {
            socket.sendText("hello");
            return Body.empty();
        }
        for (Message message; (message = socket.receive()) != null; ) {
            answer(socket, message);
        }
        return Body.empty();
    }

    private static void answer(WebSocket socket, Message message) throws Exception {
        String text = message.isText() ? message.text() : "";
        if (text.startsWith("close:")) {
            socket.close(Integer.parseInt(text.substring(6)), "asked to");
        } else if (text.startsWith("fragments:")) {
            int count = Integer.parseInt(text.substring(10));
            try (OutputStream out = socket.sendStream(true)) {
                for (int i = 0; i < count; i++) {
                    out.write(("part" + i + ";").getBytes(StandardCharsets.UTF_8));
                }
            }
        } else if (message.isText()) {
            socket.sendText(text);
        } else {
            socket.sendBinary(message.data());
        }
    }
}
