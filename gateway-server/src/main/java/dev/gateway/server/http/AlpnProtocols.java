package dev.gateway.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;

/**
 * After the TLS handshake, wires the protocol the client chose through ALPN (RFC 7301): {@code h2}
 * gets the HTTP/2 handlers, anything else (or no choice) HTTP/1.1.
 */
final class AlpnProtocols extends ApplicationProtocolNegotiationHandler {

    private final HttpServerContext context;

    AlpnProtocols(HttpServerContext context) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.context = context;
    }

    /** Auto-read is off: the handshake starts only when someone reads (the TLS handler then reads on itself). */
    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        super.channelActive(ctx);
        ctx.read();
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            Http2Pipeline.install(ctx.pipeline(), context);
        } else {
            HttpServerInitializer.installHttp1(ctx.pipeline(), context);
        }
    }
}
