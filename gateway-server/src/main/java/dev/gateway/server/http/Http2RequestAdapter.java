package dev.gateway.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.HttpConversionUtil;

/**
 * Makes Netty's HTTP/1-style rendering of an HTTP/2 request what the rest of the path expects: the
 * version {@code HTTP/2.0} (the environ's {@code SERVER_PROTOCOL}), no headers Netty added of its own
 * ({@code x-http2-*}, and the {@code transfer-encoding: chunked} it sets on a body of unknown length:
 * HTTP/2 has no such field, RFC 9113 section 8.2.2), and a request that came whole split into its
 * head and its body end, as the HTTP/1.1 decoder delivers them.
 */
final class Http2RequestAdapter extends ChannelInboundHandlerAdapter {

    /** {@code SERVER_PROTOCOL} of a request over HTTP/2. */
    static final HttpVersion HTTP_2 = HttpVersion.valueOf("HTTP/2.0");

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest full) {
            HttpRequest head = new DefaultHttpRequest(HTTP_2, full.method(), full.uri(), full.headers());
            clean(head);
            ctx.fireChannelRead(head);
            ctx.fireChannelRead(new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
        } else if (msg instanceof HttpRequest request) {
            request.setProtocolVersion(HTTP_2);
            clean(request);
            ctx.fireChannelRead(request);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private static void clean(HttpRequest request) {
        // The HTTP/2 decoder refuses connection-specific fields (RFC 9113 section 8.2.2), so any
        // Transfer-Encoding here is the one the conversion added.
        request.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
        for (HttpConversionUtil.ExtensionHeaderNames name : HttpConversionUtil.ExtensionHeaderNames.values()) {
            request.headers().remove(name.text());
        }
    }
}
