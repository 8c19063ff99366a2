/**
 * WebSocket (RFC 6455) on Netty's frame codec: the opening handshake's checks
 * ({@link dev.gateway.server.websocket.WebSocketHandshake}), the contract's upgrade offer and blocking
 * session ({@link dev.gateway.server.websocket.ServerUpgrade},
 * {@link dev.gateway.server.websocket.ServerWebSocket}), the pipeline a connection gets once upgraded
 * ({@link dev.gateway.server.websocket.WebSocketPipeline}) and the handler that runs the protocol on
 * the event loop ({@link dev.gateway.server.websocket.WebSocketFrameHandler}). The http package hands
 * a connection over; this package knows nothing of workers or the master.
 */
package dev.gateway.server.websocket;
