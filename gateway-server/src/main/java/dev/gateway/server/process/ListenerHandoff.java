package dev.gateway.server.process;

import dev.gateway.server.config.BindAddress;
import dev.gateway.server.net.BindFailure;
import dev.gateway.server.net.InheritedListener;
import dev.gateway.server.net.ListenerOptions;
import dev.gateway.server.net.Transport;
import dev.gateway.server.net.UnixSocketFile;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.UnixChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The master's side of the {@code process} worker class: it binds the listening sockets once, never
 * accepts on them (auto-read off), and hands their file descriptors to each worker JVM that connects
 * to a private Unix socket (SCM_RIGHTS, through Netty's epoll domain sockets). All workers then
 * accept from the same kernel queue: a dying worker loses no queued connection, and restarting
 * workers never unbinds the port.
 *
 * <p>Whoever connects to the hand-off socket gets the listeners, so it lives in a fresh directory
 * only this user can enter (0700).
 */
public final class ListenerHandoff implements AutoCloseable {

    /** Kinds of listener, as the worker must rebuild them. */
    public static final String TCP = "tcp";
    public static final String UNIX = "unix";

    private final EventLoopGroup eventLoop;
    private final List<Channel> listeners = new CopyOnWriteArrayList<>();
    private final List<String> kinds = new ArrayList<>();
    private final List<Path> unixSockets = new ArrayList<>();
    private final Path directory;
    private final Path socket;
    private final Channel handoffServer;

    /**
     * Opens the hand-off socket.
     *
     * @throws IOException when epoll is not available (fd passing needs it) or the socket cannot be made
     */
    public ListenerHandoff() throws IOException {
        if (!Epoll.isAvailable()) {
            throw new IOException("the process worker class needs Linux epoll to pass listening sockets to its workers: "
                    + Epoll.unavailabilityCause());
        }
        eventLoop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("gateway-handoff", true), EpollIoHandler.newFactory());
        directory = Files.createTempDirectory("gateway-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        socket = directory.resolve("listeners.sock");
        ChannelFuture bound = new ServerBootstrap().group(eventLoop).channel(EpollServerDomainSocketChannel.class)
                .childHandler(new SendListeners())
                .bind(new DomainSocketAddress(socket.toFile())).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            close();
            throw new IOException("cannot open the listener hand-off socket " + socket + ": " + bound.cause(), bound.cause());
        }
        handoffServer = bound.channel();
    }

    /** Binds one listener the workers will share; returns the bound address. */
    public SocketAddress bind(BindAddress address, ListenerOptions options) throws IOException {
        if (address instanceof BindAddress.Inherited inherited) {
            return adopt(InheritedListener.open(inherited.fd()));
        }
        ServerBootstrap bootstrap = new ServerBootstrap().group(eventLoop)
                .option(ChannelOption.AUTO_READ, false) // the master owns the socket but never accepts
                .option(ChannelOption.SO_BACKLOG, options.backlog())
                .childHandler(new ChannelInboundHandlerAdapter());
        SocketAddress socketAddress;
        String kind;
        if (address instanceof BindAddress.Unix unix) {
            UnixSocketFile.prepare(unix.path());
            bootstrap.channel(EpollServerDomainSocketChannel.class);
            socketAddress = new DomainSocketAddress(unix.path().toFile());
            kind = UNIX;
        } else {
            BindAddress.Tcp tcp = (BindAddress.Tcp) address;
            socketAddress = Transport.EPOLL.configureTcp(bootstrap, tcp, options.reusePort());
            kind = TCP;
        }
        ChannelFuture future = bootstrap.bind(socketAddress).awaitUninterruptibly();
        if (!future.isSuccess()) {
            throw BindFailure.of(address, future.cause());
        }
        listeners.add(future.channel());
        kinds.add(kind);
        if (address instanceof BindAddress.Unix unix) {
            unixSockets.add(unix.path());
            UnixSocketFile.applyUmask(unix.path(), options.umask());
        }
        return future.channel().localAddress();
    }

    /** Holds an inherited listener (never accepting on it) to hand to the workers like a bound one. */
    private SocketAddress adopt(ServerChannel listener) throws IOException {
        listener.config().setAutoRead(false);
        ChannelFuture registered = eventLoop.register(listener).awaitUninterruptibly();
        if (!registered.isSuccess()) {
            throw new IOException("cannot hold the inherited listener: " + registered.cause(), registered.cause());
        }
        listeners.add(listener);
        kinds.add(listener instanceof EpollServerDomainSocketChannel ? UNIX : TCP);
        return InheritedListener.localAddress(listener);
    }

    /** Where workers connect to get the listeners. */
    public Path socketPath() {
        return socket;
    }

    /** The kind of each listener, in hand-off order ({@link #TCP} or {@link #UNIX}). */
    public List<String> kinds() {
        return List.copyOf(kinds);
    }

    /** Closes the master's copies of the listeners (the port stays bound while a worker holds one). */
    public void stopListening() {
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly();
        }
        listeners.clear();
        for (Path path : unixSockets) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // Best effort: a stale socket file is replaced at the next start.
            }
        }
    }

    @Override
    public void close() {
        stopListening();
        if (handoffServer != null) {
            handoffServer.close().awaitUninterruptibly();
        }
        eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // Best effort: it is a temporary directory.
        }
    }

    /** Writes the descriptor of every listener to each worker that connects, then lets it hang up. */
    @ChannelHandler.Sharable
    private final class SendListeners extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            for (Channel listener : listeners) {
                ctx.write(((UnixChannel) listener).fd());
            }
            ctx.flush();
            ctx.fireChannelActive();
        }
    }
}
