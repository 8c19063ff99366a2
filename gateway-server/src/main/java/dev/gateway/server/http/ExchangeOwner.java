package dev.gateway.server.http;

import io.netty.channel.ChannelFuture;

/**
 * What an {@link Exchange} hands its channel back to once its response is written: an HTTP/1.1
 * connection's {@link GatewayHandler}, or an HTTP/2 stream's {@link Http2StreamHandler}.
 */
interface ExchangeOwner {

    /**
     * Called by the worker when the response is written, or abandoned ({@code last} null).
     *
     * @param last      the future of the response's last write, or null
     * @param keepAlive true when the channel may carry on after this response
     */
    void exchangeDone(Exchange exchange, ChannelFuture last, boolean keepAlive);
}
