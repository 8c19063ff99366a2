package dev.gateway.server.net;

import dev.gateway.server.config.BindAddress;
import dev.gateway.server.http.CloseWhenIdle;
import dev.gateway.server.http.ConnectionRefusal;
import dev.gateway.server.http.HttpServerContext;
import dev.gateway.server.http.HttpServerInitializer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The network side of one server: Netty event loops, the listening sockets, and the open connections.
 * It accepts connections and runs the HTTP pipeline on them; requests go to the executor in the
 * {@link HttpServerContext}.
 */
public final class HttpServer {

    /** The context each connection was accepted with, so that a reload can tell which replaced ones are unused. */
    private static final AttributeKey<HttpServerContext> CONTEXT = AttributeKey.valueOf("gateway.context");

    /** Wires connections accepted from now on, with their settings; a reload replaces it ({@link #reconfigure}). */
    private volatile HttpServerInitializer initializer;
    /** Contexts a reload replaced whose connections may still be open: they drain and close with the server. */
    private final List<HttpServerContext> replaced = new CopyOnWriteArrayList<>();
    private final ConnectionInitializer connectionInitializer = new ConnectionInitializer();
    private final Transport transport;
    private final EventLoopGroup eventLoops;
    private final int ioThreads;
    private final ChannelGroup connections = new DefaultChannelGroup("connections", GlobalEventExecutor.INSTANCE);
    private final List<Channel> listeners = new ArrayList<>();
    private final List<Path> unixSockets = new ArrayList<>();
    private final ListenerOptions options;
    private final ConnectionLimit connectionLimit;

    /**
     * @param ioThreads event-loop threads; 0 for {@link #defaultIoThreads(boolean)}
     * @param options   how {@link #bind} makes each listener
     */
    public HttpServer(HttpServerContext context, int ioThreads, ListenerOptions options) {
        this.initializer = new HttpServerInitializer(context);
        this.transport = Transport.best();
        this.ioThreads = ioThreads(ioThreads, context.http2().enabled());
        this.eventLoops = new MultiThreadIoEventLoopGroup(this.ioThreads, new DefaultThreadFactory("gateway-io", true),
                transport.ioHandlerFactory());
        this.options = options;
        this.connectionLimit = new ConnectionLimit(context.maxConnections());
    }

    /**
     * Half the cores, at least one (Jetty sizes its selectors the same way), for a server whose loops
     * only move HTTP/1.x bytes. The event loops share the cores with the workers that run the
     * application: on 2 cores, one loop served 20 to 30 % more hello-world requests per second than two.
     *
     * <p>All the cores when the loops do most of each request's work ({@code loopsServe}). With HTTP/2
     * (frames, HPACK, flow control, one child channel per stream) one loop became the bottleneck: on 2
     * cores, 64 connections x 100 streams, two loops served 28 to 39 % more hello-world requests per
     * second at the same CPU per request. A non-blocking application's calls run on the loops
     * themselves: on one loop its p99 at 256 connections was 61 to 288 ms, on two 10 to 15 ms
     * (docs/performance.md).
     */
    public static int defaultIoThreads(boolean loopsServe) {
        int cores = Runtime.getRuntime().availableProcessors();
        return loopsServe ? cores : Math.max(1, cores / 2);
    }

    /** The event loops a server starts: {@code setting} when above 0, else {@link #defaultIoThreads(boolean)}. */
    public static int ioThreads(int setting, boolean loopsServe) {
        return setting > 0 ? setting : defaultIoThreads(loopsServe);
    }

    /** How many event loops serve the connections. */
    public int ioThreads() {
        return ioThreads;
    }

    /** The transport in use. */
    public Transport transport() {
        return transport;
    }

    /**
     * Binds one listener.
     *
     * @return the bound address (with the real port when 0 was asked)
     * @throws BindFailure when the address is in use or cannot be bound
     */
    public SocketAddress bind(BindAddress address) throws IOException {
        if (address instanceof BindAddress.Inherited inherited) {
            return adopt(InheritedListener.open(inherited.fd()));
        }
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(eventLoops)
                .option(ChannelOption.SO_BACKLOG, options.backlog())
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(connectionInitializer);
        SocketAddress socketAddress;
        if (address instanceof BindAddress.Unix unix) {
            UnixSocketFile.prepare(unix.path());
            bootstrap.channel(transport.unixChannel());
            socketAddress = transport.unixAddress(unix.path());
        } else {
            BindAddress.Tcp tcp = (BindAddress.Tcp) address;
            socketAddress = transport.configureTcp(bootstrap, tcp, options.reusePort());
            bootstrap.childOption(ChannelOption.TCP_NODELAY, true);
        }
        ChannelFuture future = bootstrap.bind(socketAddress).awaitUninterruptibly();
        if (!future.isSuccess()) {
            throw BindFailure.of(address, future.cause());
        }
        listeners.add(future.channel());
        if (address instanceof BindAddress.Unix unix) {
            unixSockets.add(unix.path());
            UnixSocketFile.applyUmask(unix.path(), options.umask());
        }
        return future.channel().localAddress();
    }

    /**
     * Serves a listening socket another process bound and handed over (a process worker gets the
     * master's listeners this way); it accepts as soon as it is registered.
     */
    public SocketAddress adopt(ServerChannel listener) throws IOException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(eventLoops)
                .channelFactory(() -> listener)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(connectionInitializer);
        if (listener instanceof io.netty.channel.socket.ServerSocketChannel) {
            bootstrap.childOption(ChannelOption.TCP_NODELAY, true);
        }
        ChannelFuture future = bootstrap.register().awaitUninterruptibly();
        if (!future.isSuccess()) {
            throw new IOException("cannot serve the inherited listener: " + describe(future.cause()), future.cause());
        }
        listeners.add(future.channel());
        return InheritedListener.localAddress(future.channel());
    }

    /** The addresses the listeners are bound to. */
    public List<SocketAddress> boundAddresses() {
        return listeners.stream().map(InheritedListener::localAddress).toList();
    }

    /**
     * Closes the listening sockets (new connections are refused); open connections go on. The
     * readiness path, if any, answers 503 from now on.
     */
    public void stopAccepting() {
        for (HttpServerContext each : contexts()) {
            if (each.health() != null) {
                each.health().startDraining();
            }
        }
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly();
        }
        listeners.clear();
        for (Path socket : unixSockets) {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                // Best effort: a stale socket file is replaced at the next start.
            }
        }
        unixSockets.clear();
    }

    /** The number of open client connections. */
    public int openConnections() {
        return connections.size();
    }

    /**
     * Starts a graceful close of every client connection: idle ones close after a short grace in which
     * a last request may still come, busy ones after their current response ({@link CloseWhenIdle}).
     */
    public void closeWhenIdle() {
        for (Channel connection : connections) {
            connection.pipeline().fireUserEventTriggered(CloseWhenIdle.EVENT);
        }
    }

    /** Closes every client connection at once. */
    public void closeConnections() {
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Stops accepting, closes every connection, stops the event loops and closes the request observer. */
    public void shutdown() {
        stopAccepting();
        closeConnections();
        eventLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        for (HttpServerContext each : contexts()) {
            if (each.observer() != null) {
                each.observer().close();
            }
        }
    }

    /**
     * A reload: connections accepted from now on get {@code next} (limits, timeouts, access log, proxy
     * trust, TLS certificate, readiness path, ...); open connections keep the settings they started
     * with. The connection cap and the listeners stay as they are.
     */
    public void reconfigure(HttpServerContext next) {
        replaced.add(initializer.context());
        initializer = new HttpServerInitializer(next);
        closeUnused();
    }

    /**
     * Closes the replaced contexts no open connection uses any more (their observers hold a StatsD
     * socket each), so that reloads do not pile them up.
     */
    private void closeUnused() {
        Set<HttpServerContext> inUse = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Channel connection : connections) {
            inUse.add(connection.attr(CONTEXT).get());
        }
        for (HttpServerContext old : replaced) {
            if (!inUse.contains(old)) {
                replaced.remove(old);
                if (old.observer() != null) {
                    old.observer().close();
                }
            }
        }
    }

    /** How many contexts replaced by reloads are kept for their open connections. */
    int replacedContexts() {
        return replaced.size();
    }

    private List<HttpServerContext> contexts() {
        List<HttpServerContext> all = new ArrayList<>(replaced);
        all.add(initializer.context());
        return all;
    }

    private static String describe(Throwable cause) {
        return cause == null ? "unknown error" : cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    /**
     * Refuses a connection past {@code max_connections}; else tracks it for graceful shutdown and
     * installs the HTTP pipeline.
     */
    private final class ConnectionInitializer extends ChannelInitializer<Channel> {

        @Override
        protected void initChannel(Channel channel) {
            HttpServerInitializer http = initializer;
            if (!connectionLimit.admit(channel)) {
                if (http.context().tls() == null) {
                    channel.pipeline().addLast(ConnectionRefusal.INSTANCE);
                } else {
                    // A TLS client cannot read a clear-text 503, and a handshake costs what the cap saves.
                    channel.close();
                }
                return;
            }
            channel.attr(CONTEXT).set(http.context());
            connections.add(channel);
            channel.pipeline().addLast(http);
        }
    }
}
