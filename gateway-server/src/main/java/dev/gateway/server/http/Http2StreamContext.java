package dev.gateway.server.http;

import io.netty.channel.Channel;

/**
 * What the streams of one HTTP/2 connection share, made once per connection instead of once per
 * stream: the connection's channel, the request checks, and the connection's addresses (with the
 * client a PROXY preamble reported). Used on the connection's event loop only.
 */
final class Http2StreamContext {

    private final Channel channel;
    private final RequestValidator validator;
    private ConnectionAddresses addresses;

    Http2StreamContext(Channel channel, HttpServerContext context) {
        this.channel = channel;
        this.validator = new RequestValidator(context.rules());
    }

    /** The connection (the parent of the streams' channels). */
    Channel channel() {
        return channel;
    }

    RequestValidator validator() {
        return validator;
    }

    /** Made at the first stream: a PROXY preamble is read before the HTTP/2 preface. */
    ConnectionAddresses addresses() {
        if (addresses == null) {
            addresses = ConnectionAddresses.of(channel).proxiedBy(channel.attr(ProxyProtocolDecoder.PROXIED).get());
        }
        return addresses;
    }
}
