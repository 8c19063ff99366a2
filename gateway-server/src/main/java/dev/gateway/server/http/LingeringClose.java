package dev.gateway.server.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import java.util.concurrent.TimeUnit;

/**
 * Ends a connection after its last response without losing that response. Closing a socket while
 * the client is still sending makes the kernel answer with a reset, which can destroy the response on
 * its way; so the sending side is shut first (the client reads the response and then the end of the
 * stream), and what still arrives is read and dropped until the client closes its side or
 * {@link #LINGER_MILLIS} pass. Apache's lingering close and Gunicorn's close after a response do the same.
 */
final class LingeringClose {

    /** How long a closing connection keeps reading and dropping what the client still sends. */
    static final long LINGER_MILLIS = 2000;

    private LingeringClose() {
    }

    /**
     * Starts the lingering close of {@code ctx}'s channel.
     *
     * @param inputEnded true when the client already shut its side: nothing to wait for, close now
     * @param readOn     called once the sending side is shut, to keep reading (and dropping) input
     */
    static void start(ChannelHandlerContext ctx, boolean inputEnded, Runnable readOn) {
        Channel channel = ctx.channel();
        if (!channel.isActive() || inputEnded || !(channel instanceof DuplexChannel duplex)) {
            ctx.close();
            return;
        }
        duplex.shutdownOutput().addListener(f -> {
            ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
            readOn.run();
        });
    }
}
