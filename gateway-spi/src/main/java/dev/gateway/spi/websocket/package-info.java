/**
 * WebSocket (RFC 6455) in the blocking style of the rest of the contract: an application finds a
 * {@link dev.gateway.spi.websocket.WebSocketUpgrade} in the environ of a request that asks for one,
 * declines it with an ordinary HTTP response or accepts it, and then talks over a
 * {@link dev.gateway.spi.websocket.WebSocket} session from inside its {@code call()}, one thread per
 * socket (docs/spec.md, "WebSocket"; WS-1 to WS-6).
 */
package dev.gateway.spi.websocket;
