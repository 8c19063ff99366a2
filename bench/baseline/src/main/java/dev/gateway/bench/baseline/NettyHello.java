package dev.gateway.bench.baseline;

import dev.gateway.bench.peers.Payload;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The baseline of the benchmark: the least a Netty HTTP/1.1 server does to answer every request with
 * the same response as the test app {@code Hello} served by the gateway ({@code Content-Type},
 * {@code Content-Length: 13}, {@code Date}, {@code Server}, body {@code Hello, World!}), with
 * keep-alive. It answers on the event loop, with no application contract, no worker hand-off and no
 * validation: whatever the gateway adds on top costs the difference.
 *
 * <p>For bench/peers.sh it also answers {@code /json} (Payload's JSON, built on the event loop) and
 * {@code /blocking}, which sleeps 50 ms on a virtual thread of its own, never on the event loop, then
 * writes from there (Netty hands the write to the channel's event loop).
 *
 * <p>Usage: {@code java -jar netty-baseline.jar [PORT] [HOST]} (defaults 8080, 127.0.0.1).
 */
public final class NettyHello {

    private static final byte[] BODY = Payload.HELLO_BYTES;
    // The gateway's exact bytes, names in title case and "Server: gateway" included, so that wrk reads
    // the same response from both servers and only the work behind it differs.
    private static final AsciiString CONTENT_TYPE = AsciiString.cached("Content-Type");
    private static final AsciiString CONTENT_LENGTH = AsciiString.cached("Content-Length");
    private static final AsciiString DATE = AsciiString.cached("Date");
    private static final AsciiString SERVER = AsciiString.cached("Server");
    private static final AsciiString CONNECTION = AsciiString.cached("Connection");
    private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain");
    private static final AsciiString APPLICATION_JSON = AsciiString.cached("application/json");
    private static final ExecutorService BLOCKING = Executors.newVirtualThreadPerTaskExecutor();
    private static final AsciiString SERVER_NAME = AsciiString.cached("gateway");
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private NettyHello() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), io);
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 2048)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            channel.pipeline().addLast(new HttpServerCodec(), new HelloHandler());
                        }
                    })
                    .bind(new InetSocketAddress(host, port)).sync().channel();
            System.out.println("netty-baseline listening on http://" + host + ":" + port + " ("
                    + (epoll ? "epoll" : "nio") + ")");
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    /** Answers each request head at once; writes are flushed once per socket read, as Netty's examples do. */
    private static final class HelloHandler extends SimpleChannelInboundHandler<HttpObject> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (!(msg instanceof HttpRequest request)) {
                return;
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpVersion version = request.protocolVersion();
            String uri = request.uri();
            if (uri.equals("/json")) {
                write(ctx, response(version, keepAlive, APPLICATION_JSON, Payload.json()), keepAlive, false);
            } else if (uri.equals("/blocking")) {
                BLOCKING.execute(() -> {
                    try {
                        Thread.sleep(Payload.BLOCKING_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    write(ctx, response(version, keepAlive, TEXT_PLAIN, BODY), keepAlive, true);
                });
            } else {
                write(ctx, response(version, keepAlive, TEXT_PLAIN, BODY), keepAlive, false);
            }
        }

        private static FullHttpResponse response(HttpVersion version, boolean keepAlive, AsciiString type, byte[] bytes) {
            ByteBuf body = Unpooled.wrappedBuffer(bytes);
            FullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.OK, body);
            response.headers()
                    .set(CONTENT_TYPE, type)
                    .setInt(CONTENT_LENGTH, bytes.length)
                    .set(DATE, DateCache.now())
                    .set(SERVER, SERVER_NAME);
            if (!keepAlive) {
                response.headers().set(CONNECTION, HttpHeaderValues.CLOSE);
            } else if (!version.isKeepAliveDefault()) {
                response.headers().set(CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
            return response;
        }

        /** Writes on the event loop flush once per read (channelReadComplete); a write from elsewhere flushes itself. */
        private static void write(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive, boolean flush) {
            var future = flush ? ctx.writeAndFlush(response) : ctx.write(response);
            if (!keepAlive) {
                future.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** The Date header, formatted once per second like the gateway's. */
    private static final class DateCache {
        private record Cached(long second, String value) {
        }

        private static volatile Cached cached = new Cached(-1, "");

        static String now() {
            long second = System.currentTimeMillis() / 1000;
            Cached current = cached;
            if (current.second() != second) {
                String value = IMF_FIXDATE.format(Instant.ofEpochSecond(second));
                if (value.charAt(6) == ' ') {
                    value = value.substring(0, 5) + "0" + value.substring(5);
                }
                current = new Cached(second, value);
                cached = current;
            }
            return current.value();
        }
    }
}
