package dev.gateway.server.websocket;

import dev.gateway.server.config.LoggerNames;
import dev.gateway.spi.websocket.Message;
import dev.gateway.spi.websocket.WebSocket;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol of one upgraded connection, on its event loop (RFC 6455 sections 5 and 7): reassembles
 * fragments into whole messages for the {@link ServerWebSocket}, answers pings, runs the close
 * handshake, and turns every failure into the close code the RFC names: a protocol error 1002, text
 * that is not UTF-8 1007, a frame or message over its limit 1009, an idle socket or a stopping server
 * 1001, a failure of the server's own 1011.
 *
 * <p>Reading follows the application: auto-read is off, and the next socket read is asked for only
 * while the session's queue has room.
 *
 * <p>The close handshake (section 7.1): a close from the peer is answered with a close (its code
 * echoed) and the server closes the TCP connection first, as section 7.1.1 asks. A close from this
 * side waits up to {@link #CLOSE_WAIT_MILLIS} for the peer's answer, reading and delivering what the
 * peer still sends; then the connection is closed. A failed connection (section 7.1.7) gets its close
 * frame and is closed at once.
 */
public final class WebSocketFrameHandler extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(LoggerNames.ERROR);

    /** How long this side's close waits for the peer's answer before the connection is closed. */
    static final long CLOSE_WAIT_MILLIS = 5_000;

    private final int maxMessageSize;
    private ServerWebSocket session;
    private ChannelHandlerContext ctx;
    /** The message being reassembled, or null between messages. */
    private byte[] partial;
    private int partialLength;
    private boolean partialText;
    private boolean closeSent;
    private boolean closeReceived;
    /** The queue was full at the last message: reading waits for the application. */
    private volatile boolean paused;
    private ScheduledFuture<?> closeTimer;

    public WebSocketFrameHandler(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    /** Connects the session this handler feeds; before the handler is added. */
    void attach(ServerWebSocket session) {
        this.session = session;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        ctx.read(); // auto-read is off: the first read of the socket's new life
    }

    // ---- frames in ------------------------------------------------------------------------------------

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ReferenceCountUtil.release(msg); // bytes after a failure, or an HTTP message left behind
            return;
        }
        try {
            onFrame(frame);
        } finally {
            frame.release();
        }
        readIfRoom();
    }

    private void onFrame(WebSocketFrame frame) {
        if (frame instanceof CloseWebSocketFrame close) {
            onPeerClose(close);
        } else if (frame instanceof PingWebSocketFrame) {
            if (!closeSent) {
                // Section 5.5.3: a pong carries the ping's data, sent as soon as practical.
                ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retainedDuplicate()));
            }
        } else if (frame instanceof PongWebSocketFrame || closeReceived) {
            return; // an answer to our ping; or data after the peer's close, which section 5.5.1 says not to send
        } else if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
            if (partial != null) {
                fail(WebSocket.PROTOCOL_ERROR, "a new message began inside a fragmented one");
                return;
            }
            partial = new byte[Math.min(Math.max(frame.content().readableBytes(), 64), maxMessageSize)];
            partialLength = 0;
            partialText = frame instanceof TextWebSocketFrame;
            append(frame);
        } else if (frame instanceof ContinuationWebSocketFrame) {
            if (partial == null) {
                fail(WebSocket.PROTOCOL_ERROR, "a continuation frame without a message to continue");
                return;
            }
            append(frame);
        }
    }

    private void append(WebSocketFrame frame) {
        int length = frame.content().readableBytes();
        if ((long) partialLength + length > maxMessageSize) {
            fail(WebSocket.MESSAGE_TOO_BIG, "message larger than " + maxMessageSize + " bytes");
            return;
        }
        if (partialLength + length > partial.length) {
            partial = Arrays.copyOf(partial, (int) Math.min(maxMessageSize, Math.max(partial.length * 2L, partialLength + (long) length)));
        }
        frame.content().getBytes(frame.content().readerIndex(), partial, partialLength, length);
        partialLength += length;
        if (frame.isFinalFragment()) {
            byte[] data = partialLength == partial.length ? partial : Arrays.copyOf(partial, partialLength);
            boolean text = partialText;
            partial = null;
            session.deliver(new Message(text, data));
        }
    }

    private void onPeerClose(CloseWebSocketFrame close) {
        closeReceived = true;
        int code = close.statusCode() < 0 ? WebSocket.NO_STATUS_RECEIVED : close.statusCode();
        session.peerClosed(code, close.reasonText());
        if (closeSent) {
            // Both closes are exchanged: the server closes the TCP connection first (section 7.1.1).
            ctx.close();
        } else {
            closeSent = true;
            session.closing(code);
            // Section 5.5.1: answer with a close, typically echoing the code; a close without a code gets an empty one.
            CloseWebSocketFrame answer = code == WebSocket.NO_STATUS_RECEIVED ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, "");
            ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
        }
        session.end();
    }

    /** Asks for the next socket read while the session can take another message. */
    private void readIfRoom() {
        if (session.hasRoom()) {
            paused = false;
            ctx.read();
        } else {
            paused = true;
        }
    }

    /** The application took a message: reading resumes if it had stopped for the application. */
    void resumeReading() {
        if (paused) {
            ctx.executor().execute(() -> {
                if (paused && session.hasRoom() && ctx.channel().isActive()) {
                    readIfRoom();
                }
            });
        }
    }

    // ---- closes this side starts ----------------------------------------------------------------------

    /** A close from another thread (the application, a stop): run on the event loop. */
    void closeLater(int code, String reason) {
        ctx.executor().execute(() -> startClose(code, reason));
    }

    /** Sends this side's close and waits for the peer's, at most {@link #CLOSE_WAIT_MILLIS}. */
    private void startClose(int code, String reason) {
        if (closeSent || !ctx.channel().isActive()) {
            return;
        }
        closeSent = true;
        session.closing(code);
        ctx.writeAndFlush(new CloseWebSocketFrame(code, reason));
        closeTimer = ctx.executor().schedule(() -> {
            ctx.close();
        }, CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        readIfRoom(); // the peer's close must be read even when the application no longer receives
    }

    /** Fails the connection (section 7.1.7): a close with {@code code}, then the connection closed. */
    private void fail(int code, String reason) {
        log.debug("WebSocket from {} failed with {}: {}", ctx.channel().remoteAddress(), code, reason);
        partial = null;
        if (!closeSent && ctx.channel().isActive()) {
            closeSent = true;
            session.closing(code);
            ctx.writeAndFlush(new CloseWebSocketFrame(code, truncate(reason))).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    /** A close reason fits in 123 bytes; the reasons here are ASCII. */
    private static String truncate(String reason) {
        return reason.length() <= 123 ? reason : reason.substring(0, 123);
    }

    /**
     * A close of the connection from outside the protocol (the server's stop closing every
     * connection): the peer gets a 1001 close frame first, so it knows to reconnect elsewhere.
     */
    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (!closeSent && ctx.channel().isActive()) {
            closeSent = true;
            session.closing(WebSocket.GOING_AWAY);
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocket.GOING_AWAY, "server going away"));
        }
        ctx.close(promise);
    }

    // ---- events ---------------------------------------------------------------------------------------

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            if (closeSent) {
                ctx.close();
            } else {
                startClose(WebSocket.GOING_AWAY, "idle timeout");
            }
            return;
        }
        if (event instanceof ChannelInputShutdownEvent) {
            ctx.close(); // the peer is gone without a close frame: 1006 for the application
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        session.signalWritable();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (closeTimer != null) {
            closeTimer.cancel(false);
        }
        partial = null;
        session.end();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            fail(corrupted.closeStatus().code(), corrupted.getMessage() == null ? "" : corrupted.getMessage());
        } else if (cause instanceof DecompressionException) {
            // The inflated message ran past the decoder's allocation, capped at websocket_max_message_size.
            fail(WebSocket.MESSAGE_TOO_BIG, "message larger than " + maxMessageSize + " bytes once inflated");
        } else if (cause instanceof IOException) {
            log.debug("WebSocket connection error from {}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        } else if (cause instanceof io.netty.handler.codec.CodecException) {
            fail(WebSocket.PROTOCOL_ERROR, "malformed frame");
        } else {
            log.warn("unexpected error on WebSocket from {}", ctx.channel().remoteAddress(), cause);
            fail(WebSocket.INTERNAL_ERROR, "server error");
        }
    }
}
