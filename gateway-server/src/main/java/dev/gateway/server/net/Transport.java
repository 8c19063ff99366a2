package dev.gateway.server.net;

import dev.gateway.server.config.BindAddress;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Path;

/**
 * The socket implementation: Linux's native epoll where it loads, the JDK's NIO elsewhere. Both serve
 * TCP and Unix domain sockets.
 */
public enum Transport {
    EPOLL, NIO;

    /**
     * IPV6_V6ONLY (level IPPROTO_IPV6 = 41, option 26 on Linux): an IPv6 listener that leaves IPv4 to
     * another. Netty sets raw socket options on its native transports only; the JDK has no such option.
     */
    private static final ChannelOption<Integer> IPV6_ONLY = new IntegerUnixChannelOption("IPV6_V6ONLY", 41, 26);

    /**
     * Makes {@code bootstrap} create a listener for {@code tcp}, and returns the address to bind it to.
     * An IPv4 address (a host that resolves to one included) gets an IPv4 socket, so {@code 0.0.0.0}
     * means IPv4 only, as in Gunicorn: both Netty's epoll and the JDK open an IPv6 socket by default,
     * which binds {@code 0.0.0.0} as {@code [::]} and takes IPv6 connections too. {@code [::]} keeps
     * Linux's dual stack unless an IPv4 address shares its port ({@link BindAddress.Tcp#ownFamilyOnly}):
     * then it is made IPv6-only, so both bind. NIO cannot make it so: there the second bind fails as
     * the kernel says.
     *
     * @param reusePort SO_REUSEPORT, so that other servers with it set may listen on the same port
     * @return the socket address, resolved (unresolved when the host name does not resolve: the bind
     *         then fails and says so)
     */
    public InetSocketAddress configureTcp(ServerBootstrap bootstrap, BindAddress.Tcp tcp, boolean reusePort) {
        bootstrap.option(ChannelOption.SO_REUSEADDR, true);
        if (reusePort) {
            bootstrap.option(this == EPOLL ? EpollChannelOption.SO_REUSEPORT : NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
        }
        InetSocketAddress address = new InetSocketAddress(tcp.host(), tcp.port());
        if (address.getAddress() instanceof Inet4Address) {
            bootstrap.channelFactory((ChannelFactory<ServerChannel>) () -> this == EPOLL
                    ? new EpollServerSocketChannel(SocketProtocolFamily.INET)
                    : new NioServerSocketChannel(SelectorProvider.provider(), SocketProtocolFamily.INET));
            return address;
        }
        bootstrap.channel(tcpChannel());
        if (this == EPOLL && tcp.ownFamilyOnly()) {
            bootstrap.option(IPV6_ONLY, 1);
        }
        return address;
    }

    /** Epoll when its native library is available, else NIO. */
    public static Transport best() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** The factory for {@code MultiThreadIoEventLoopGroup}. */
    public IoHandlerFactory ioHandlerFactory() {
        return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    /** The listening channel type for TCP. */
    public Class<? extends ServerChannel> tcpChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The listening channel type for Unix domain sockets. */
    public Class<? extends ServerChannel> unixChannel() {
        return this == EPOLL ? EpollServerDomainSocketChannel.class : NioServerDomainSocketChannel.class;
    }

    /** The socket address of a Unix socket path for this transport. */
    public SocketAddress unixAddress(Path path) {
        return this == EPOLL ? new DomainSocketAddress(path.toFile()) : UnixDomainSocketAddress.of(path);
    }
}
