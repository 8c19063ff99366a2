package dev.gateway.bench.peers.undertow;

import dev.gateway.bench.peers.Payload;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;

/**
 * Undertow with its defaults (IO threads: one per core, at least 2; worker pool: 8 per IO thread):
 * {@code /} and {@code /json} are answered on the IO thread, {@code /blocking} is dispatched to the
 * worker pool first, as Undertow's documentation says a handler that blocks must be.
 * {@code /dispatched} is the hello dispatched the same way: what a handler that may block costs
 * before it does anything, as every request to a gateway thread or virtual worker does.
 *
 * <p>Usage: {@code java -jar peer-undertow.jar PORT [HOST]}.
 */
public final class UndertowPeer implements HttpHandler {

    private UndertowPeer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        Undertow server = Undertow.builder()
                .addHttpListener(port, host)
                .setHandler(new UndertowPeer())
                .build();
        server.start();
        System.out.println("undertow listening on http://" + host + ":" + port);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        switch (exchange.getRequestPath()) {
            case "/json" -> {
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                exchange.getResponseSender().send(ByteBuffer.wrap(Payload.json()));
            }
            case "/blocking" -> {
                if (exchange.isInIoThread()) {
                    exchange.dispatch(this);
                    return;
                }
                Thread.sleep(Payload.BLOCKING_MILLIS);
                hello(exchange);
            }
            case "/dispatched" -> {
                if (exchange.isInIoThread()) {
                    exchange.dispatch(this);
                    return;
                }
                hello(exchange);
            }
            default -> hello(exchange);
        }
    }

    private static void hello(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        exchange.getResponseSender().send(ByteBuffer.wrap(Payload.HELLO_BYTES));
    }
}
