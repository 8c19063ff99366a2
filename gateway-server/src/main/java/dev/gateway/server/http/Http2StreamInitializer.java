package dev.gateway.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.flow.FlowControlHandler;

/**
 * Wires one HTTP/2 stream: its frames become the HTTP/1.1 path's messages (a request head, body
 * pieces, the body end) and the response's messages become frames, so the stream is served by the
 * same {@link GatewayHandler}, {@link Exchange} and worker path as an HTTP/1.1 request.
 */
final class Http2StreamInitializer extends ChannelInitializer<Http2StreamChannel> {

    private final HttpServerContext context;

    Http2StreamInitializer(HttpServerContext context) {
        this.context = context;
    }

    @Override
    protected void initChannel(Http2StreamChannel stream) {
        // Read as the application consumes the body: the stream's window opens only then.
        stream.config().setAutoRead(false);
        ChannelPipeline pipeline = stream.pipeline();
        pipeline.addLast("h2-http", new Http2StreamFrameToHttpObjectCodec(true));
        pipeline.addLast("h2-request", new Http2RequestAdapter());
        if (context.limits().limitsBody()) {
            pipeline.addLast("body-limit", new RequestBodyLimit(context.limits().requestBody()));
        }
        pipeline.addLast("flow", new FlowControlHandler());
        pipeline.addLast("gateway", new GatewayHandler(context));
        HttpRequest upgraded = stream.stream().id() == 1 ? stream.parent().attr(H2cUpgrade.REQUEST).getAndSet(null) : null;
        if (upgraded != null) {
            // Stream 1 of an h2c upgrade: its request came over HTTP/1.1 (without a body); it waits
            // in the flow control like a request that arrived in frames.
            ChannelHandlerContext adapter = pipeline.context("h2-request");
            adapter.fireChannelRead(upgraded);
            adapter.fireChannelRead(LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }
}
