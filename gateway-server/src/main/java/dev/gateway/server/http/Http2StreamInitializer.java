package dev.gateway.server.http;

import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.Http2StreamChannel;

/**
 * Wires one HTTP/2 stream: a single {@link Http2StreamHandler} serves it from its frames, through
 * the same {@link Exchange} and worker path as an HTTP/1.1 request.
 */
final class Http2StreamInitializer extends ChannelInitializer<Http2StreamChannel> {

    private final HttpServerContext context;
    private Http2StreamContext shared;

    Http2StreamInitializer(HttpServerContext context) {
        this.context = context;
    }

    @Override
    protected void initChannel(Http2StreamChannel stream) {
        // Read as the application consumes the body: the stream's window opens only then.
        stream.config().setAutoRead(false);
        // The response a stream's worker may queue before it waits: the same as an HTTP/1.1
        // connection's (Netty's default of 64 KiB made worker and event loop take turns per chunk).
        stream.config().setWriteBufferWaterMark(HttpServerInitializer.RESPONSE_QUEUE);
        if (shared == null) {
            shared = new Http2StreamContext(stream.parent(), context);
        }
        // Stream 1 of an h2c upgrade: its request came over HTTP/1.1 (without a body).
        HttpRequest upgraded = stream.stream().id() == 1 ? stream.parent().attr(H2cUpgrade.REQUEST).getAndSet(null) : null;
        stream.pipeline().addLast("h2-stream", new Http2StreamHandler(context, shared, upgraded));
    }
}
