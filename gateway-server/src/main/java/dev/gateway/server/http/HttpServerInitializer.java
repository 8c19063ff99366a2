package dev.gateway.server.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;

/**
 * Wires the pipeline of each accepted connection, and nothing else: the HTTP/1.1 codec with the
 * configured limits, a flow-control handler so that each {@code read()} yields at most one message,
 * and the {@link GatewayHandler}.
 */
public final class HttpServerInitializer extends ChannelInitializer<Channel> {

    /** The largest body piece handed to the application's input stream at once. */
    private static final int MAX_CHUNK_SIZE = 64 * 1024;

    private final HttpServerContext context;

    public HttpServerInitializer(HttpServerContext context) {
        this.context = context;
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("http", new HttpServerCodec(decoderConfig(context.limits())));
        // The decoder may produce a head and its body end from one socket read; this holds the
        // second until asked, so the handler sees one message per read() (backpressure).
        pipeline.addLast("flow", new FlowControlHandler());
        pipeline.addLast("gateway", new GatewayHandler(context));
    }

    /**
     * Netty's decoder limits the request line and the sum of all header lines; the per-field and
     * field-count limits (Gunicorn's meaning) are checked by {@link RequestValidator}.
     */
    static HttpDecoderConfig decoderConfig(RequestLimits limits) {
        int line = limits.requestLine() <= 0 ? 8190 : limits.requestLine();
        int fieldSize = limits.requestFieldSize() <= 0 ? 8190 : limits.requestFieldSize();
        long headerBytes = (long) Math.max(limits.requestFields(), 1) * (fieldSize + 2);
        return new HttpDecoderConfig()
                .setMaxInitialLineLength(line + 1)
                .setMaxHeaderSize((int) Math.min(Integer.MAX_VALUE, headerBytes))
                .setMaxChunkSize(MAX_CHUNK_SIZE)
                .setAllowDuplicateContentLengths(false);
    }
}
