package dev.gateway.server.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * An upgraded connection without a socket: the server's WebSocket pipeline on an EmbeddedChannel, fed
 * with masked frames as a client encodes them, its output decoded as a client decodes it.
 */
final class FrameChannel implements AutoCloseable {

    final EmbeddedChannel channel = new EmbeddedChannel();
    final ServerWebSocket session;
    private final EmbeddedChannel clientEncoder = new EmbeddedChannel(new WebSocket13FrameEncoder(true));
    private final EmbeddedChannel clientDecoder = new EmbeddedChannel(new WebSocket13FrameDecoder(
            WebSocketDecoderConfig.newBuilder().expectMaskedFrames(false).maxFramePayloadLength(1 << 24).build()));

    FrameChannel(WebSocketOptions options) {
        channel.pipeline().addLast("gateway", new ChannelInboundHandlerAdapter());
        WebSocketFrameHandler frames = new WebSocketFrameHandler(options.maxMessageSize());
        session = new ServerWebSocket(channel, frames, null);
        frames.attach(session);
        WebSocketPipeline.install(channel.pipeline(), "gateway", options, null, frames);
    }

    /** Sends {@code frame} as a client would (masked). */
    FrameChannel clientSends(WebSocketFrame frame) {
        clientEncoder.writeOutbound(frame);
        ByteBuf bytes;
        while ((bytes = clientEncoder.readOutbound()) != null) {
            channel.writeInbound(bytes);
        }
        return this;
    }

    /** Sends raw bytes, for frames no encoder would make. */
    FrameChannel clientSendsBytes(byte[] bytes) {
        channel.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(bytes));
        return this;
    }

    /** Every frame the server wrote so far, decoded as a client does. */
    List<WebSocketFrame> serverFrames() {
        channel.runPendingTasks();
        ByteBuf bytes;
        while ((bytes = channel.readOutbound()) != null) {
            clientDecoder.writeInbound(bytes);
        }
        List<WebSocketFrame> frames = new ArrayList<>();
        WebSocketFrame frame;
        while ((frame = clientDecoder.readInbound()) != null) {
            frames.add(frame);
        }
        return frames;
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
        clientEncoder.finishAndReleaseAll();
        clientDecoder.finishAndReleaseAll();
    }
}
