package dev.gateway.spi.lint;

import dev.gateway.spi.Header;
import dev.gateway.spi.server.WebSocketRules;
import dev.gateway.spi.websocket.WebSocket;
import dev.gateway.spi.websocket.WebSocketUpgrade;
import java.io.IOException;
import java.util.List;

/** WS-2 to WS-4: what the application passes to {@code accept()}, and when it calls it. */
final class LintWebSocketUpgrade implements WebSocketUpgrade {

    private final Lint lint;
    private final LintCall call;
    private final WebSocketUpgrade server;

    LintWebSocketUpgrade(Lint lint, LintCall call, WebSocketUpgrade server) {
        this.lint = lint;
        this.call = call;
        this.server = server;
    }

    @Override
    public List<String> subprotocols() {
        return server.subprotocols();
    }

    @Override
    public WebSocket accept(String subprotocol, List<Header> headers) throws IOException {
        if (call.isAccepted()) {
            throw lint.fail(Rule.WS_2, "accept() called a second time");
        }
        if (call.started()) {
            throw lint.fail(Rule.WS_2, "accept() called after start(); accepting replaces the response");
        }
        String problem = WebSocketRules.checkSubprotocol(server.subprotocols(), subprotocol);
        if (problem != null) {
            throw lint.fail(Rule.WS_3, problem);
        }
        if (headers == null) {
            throw lint.fail(Rule.WS_4, "headers is null; pass List.of() for none");
        }
        for (Header header : headers) {
            problem = header == null ? "headers contains null" : WebSocketRules.checkAcceptHeader(header);
            if (problem != null) {
                throw lint.fail(Rule.WS_4, problem);
            }
        }
        WebSocket socket = server.accept(subprotocol, headers);
        call.accepted();
        return new LintWebSocket(lint, socket);
    }
}
