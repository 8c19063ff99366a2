package dev.gateway.server.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of a connection the server has no room for (past {@code max_connections}): it is
 * answered {@code 503 Service Unavailable} with {@code Connection: close} without parsing its
 * request, and closed. Its sending side shuts down first and what the client sent is read and
 * dropped for a moment, because closing a socket with unread input makes the kernel send a reset
 * that can destroy the 503 before the client reads it.
 */
@ChannelHandler.Sharable
public final class ConnectionRefusal extends ChannelInitializer<Channel> {

    /** The one instance: it holds no state. */
    public static final ConnectionRefusal INSTANCE = new ConnectionRefusal();

    /** How long a refused connection keeps dropping input before it closes. */
    private static final long LINGER_MILLIS = 1000;

    private ConnectionRefusal() {
    }

    @Override
    protected void initChannel(Channel channel) {
        channel.pipeline().addLast(new HttpResponseEncoder(), new Refuse());
    }

    private static final class Refuse extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(ErrorResponses.of(HttpResponseStatus.SERVICE_UNAVAILABLE, true)).addListener(f -> {
                if (!f.isSuccess() || !(ctx.channel() instanceof DuplexChannel duplex)) {
                    ctx.close();
                    return;
                }
                duplex.shutdownOutput();
                ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
                // The client's end of input closes the channel (half-closure is off here).
                ctx.channel().config().setAutoRead(true);
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
