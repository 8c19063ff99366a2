package dev.gateway.server.process;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketReadMode;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The worker's side of {@link ListenerHandoff}: receives the master's listening sockets. */
public final class ListenerReceiver {

    private ListenerReceiver() {
    }

    /**
     * Connects to the master's hand-off socket and turns each received descriptor into a listening
     * channel, not yet registered with an event loop.
     *
     * @param kinds what each listener is, in hand-off order
     * @throws IOException when the master does not hand over every listener within {@code timeout}
     */
    public static List<ServerChannel> receive(Path socket, List<String> kinds, Duration timeout) throws IOException {
        EventLoopGroup eventLoop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("gateway-handoff", true), EpollIoHandler.newFactory());
        List<FileDescriptor> received = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            Channel channel = new Bootstrap().group(eventLoop).channel(EpollDomainSocketChannel.class)
                    .option(EpollChannelOption.DOMAIN_SOCKET_READ_MODE, DomainSocketReadMode.FILE_DESCRIPTORS)
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            if (msg instanceof FileDescriptor fd) {
                                received.add(fd);
                                if (received.size() == kinds.size()) {
                                    done.complete(null);
                                }
                            }
                        }

                        @Override
                        public void channelInactive(ChannelHandlerContext ctx) {
                            done.completeExceptionally(new IOException("the master hung up after " + received.size()
                                    + " of " + kinds.size() + " listeners"));
                        }
                    })
                    .connect(new DomainSocketAddress(socket.toFile())).sync().channel();
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            channel.close().awaitUninterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while receiving the listeners", e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the master handed over " + received.size() + " of " + kinds.size() + " listeners in " + timeout.toSeconds() + " s");
        } catch (Exception e) {
            throw new IOException("cannot receive the listeners from " + socket + ": " + e.getMessage(), e);
        } finally {
            eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        List<ServerChannel> listeners = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            int fd = received.get(i).intValue();
            // A listening domain socket must be declared active: the (int) constructor assumes an
            // unbound one, and the channel would never be registered for accepts.
            listeners.add(kinds.get(i).equals(ListenerHandoff.UNIX) ? new EpollServerDomainSocketChannel(fd, true) : new EpollServerSocketChannel(fd));
        }
        return listeners;
    }
}
