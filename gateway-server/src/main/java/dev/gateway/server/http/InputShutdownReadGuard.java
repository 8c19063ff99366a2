package dev.gateway.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;

/**
 * Drops read requests once the client has shut down its sending side (half-close): nothing more can
 * arrive, and the epoll transport fails a read on such a socket. Sits first in the pipeline so that
 * every read, from any handler or the body stream, passes it.
 */
final class InputShutdownReadGuard extends ChannelOutboundHandlerAdapter {

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (ctx.channel() instanceof DuplexChannel duplex && duplex.isInputShutdown()) {
            return;
        }
        ctx.read();
    }
}
