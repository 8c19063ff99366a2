package dev.gateway.spi.testing;

import dev.gateway.spi.Header;
import dev.gateway.spi.server.ResponseState;
import dev.gateway.spi.server.WebSocketRules;
import dev.gateway.spi.websocket.WebSocket;
import dev.gateway.spi.websocket.WebSocketUpgrade;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The test client's upgrade offer: {@code accept()} checks what a server checks (WS-2 to WS-4, as
 * exceptions), connects two {@link MemoryWebSocket} ends, keeps the application's and hands the
 * client's to the waiting {@link TestWebSocket}.
 */
final class MemoryUpgrade implements WebSocketUpgrade {

    private final List<String> subprotocols;
    private final ResponseState response;
    private final CompletableFuture<MemoryWebSocket[]> accepted = new CompletableFuture<>();
    private volatile List<Header> headers = List.of();

    MemoryUpgrade(List<String> subprotocols, ResponseState response) {
        this.subprotocols = subprotocols;
        this.response = response;
    }

    @Override
    public List<String> subprotocols() {
        return subprotocols;
    }

    @Override
    public synchronized WebSocket accept(String subprotocol, List<Header> headers) {
        if (accepted.isDone()) {
            throw new IllegalStateException("accept() was already called");
        }
        if (response.started()) {
            throw new IllegalStateException("accept() after start(): the response was already begun");
        }
        String problem = WebSocketRules.checkAccept(subprotocols, subprotocol, headers);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        this.headers = List.copyOf(headers);
        MemoryWebSocket[] ends = MemoryWebSocket.pair(subprotocol);
        accepted.complete(ends);
        return ends[0];
    }

    /** Completes when the application accepts: both ends. */
    CompletableFuture<MemoryWebSocket[]> accepted() {
        return accepted;
    }

    /** The extra headers the application accepted with. */
    List<Header> headers() {
        return headers;
    }
}
