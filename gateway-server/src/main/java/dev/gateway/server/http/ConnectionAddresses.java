package dev.gateway.server.http;

import io.netty.channel.Channel;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The peer and local addresses of one connection as the environ spells them ({@code REMOTE_ADDR},
 * {@code REMOTE_PORT}, and the local name and port used when a request has no Host), formatted once
 * per connection instead of once per request.
 *
 * @param remoteAddress {@code REMOTE_ADDR}: the peer's IP, or the client a PROXY preamble reported
 * @param remotePort    {@code REMOTE_PORT}, {@code ""} for a Unix socket peer
 * @param localName     the local IP (or socket path) the connection arrived on
 * @param localPort     the local port, {@code ""} for a Unix socket
 */
record ConnectionAddresses(String remoteAddress, String remotePort, String localName, String localPort) {

    /** The addresses of {@code channel}. */
    static ConnectionAddresses of(Channel channel) {
        SocketAddress remote = channel.remoteAddress();
        SocketAddress local = channel.localAddress();
        return new ConnectionAddresses(host(remote, ""), port(remote), host(local, String.valueOf(local)), port(local));
    }

    /** The same connection, with the client a PROXY preamble reported in place of the peer. */
    ConnectionAddresses proxiedBy(ProxyProtocolDecoder.ProxiedAddress proxied) {
        if (proxied == null || proxied.host() == null) {
            return this;
        }
        return new ConnectionAddresses(proxied.host(), proxied.port() < 0 ? "" : Integer.toString(proxied.port()),
                localName, localPort);
    }

    /** The addresses one request reports: the client a trusted proxy named in X-Forwarded-For (its port unknown). */
    ConnectionAddresses forwardedFor(String client) {
        return client == null ? this : new ConnectionAddresses(client, "", localName, localPort);
    }

    private static String host(SocketAddress address, String fallback) {
        if (address instanceof InetSocketAddress inet) {
            // RFC 5952's text form (::1, not 0:0:0:0:0:0:0:1), as Python's servers give REMOTE_ADDR.
            return inet.getAddress() == null ? inet.getHostString() : NetUtil.toAddressString(inet.getAddress());
        }
        return fallback;
    }

    private static String port(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? Integer.toString(inet.getPort()) : "";
    }
}
