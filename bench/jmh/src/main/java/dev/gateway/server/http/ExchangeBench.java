package dev.gateway.server.http;

import dev.gateway.server.config.Config;
import dev.gateway.server.metrics.RequestStats;
import dev.gateway.server.worker.HttpContexts;
import dev.gateway.server.worker.RequestQueue;
import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One whole hello exchange without the socket: the request wrk sends, as bytes, into the server's
 * real pipeline ({@link HttpServerInitializer} in an {@link EmbeddedChannel}, the context built by
 * {@link HttpContexts} from the default configuration, request statistics included), and the
 * response bytes out. What the kernel costs is the same for every server; this is what gateway's own
 * code costs per request, against Netty's codec with the least handler (the floor).
 *
 * <ul>
 *   <li>{@link #gatewayOnEventLoop()}: a non-blocking application, called on the event loop;</li>
 *   <li>{@link #gatewayBrowserOnEventLoop()}: the same with a browser's ten-field request;</li>
 *   <li>{@link #gatewayOnWorker()}: the same application behind the worker queue, with an executor that
 *       runs each request at once on the calling thread (the hand-off's cost is not here);</li>
 *   <li>{@link #nettyBaseline()}: {@code HttpServerCodec} and a handler answering the same bytes.</li>
 * </ul>
 *
 * <p>In package {@code dev.gateway.server.http} to reach the package-private parts, as
 * {@link ResponseWriterBench} does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// Netty's leak detector off, as bin/gateway runs the server (NettyDefaults): its sampled stack traces
// are not part of the request path.
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
public class ExchangeBench {

    /** What wrk sends. */
    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** What a browser sends for a page on a keep-alive connection (ten fields, a cookie among them). */
    private static final byte[] BROWSER_REQUEST = ("GET /articles/42?page=2 HTTP/1.1\r\n"
            + "Host: www.example.com\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0\r\n"
            + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
            + "Accept-Language: en-US,en;q=0.5\r\n"
            + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
            + "Connection: keep-alive\r\n"
            + "Cookie: session=8f1c2a9b7e6d5c4b3a291807f6e5d4c3; theme=dark\r\n"
            + "Upgrade-Insecure-Requests: 1\r\n"
            + "Sec-Fetch-Dest: document\r\n"
            + "Sec-Fetch-Mode: navigate\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final List<Header> HEADERS = List.of(
            Header.of("Content-Type", "text/plain"),
            Header.of("Content-Length", Integer.toString(BODY.length)));

    /** PeersBench's hello, declared non-blocking. */
    public static final class Hello implements Application {
        @Override
        public boolean nonBlocking() {
            return true;
        }

        @Override
        public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
            startResponse.start("200 OK", HEADERS);
            return Body.of(BODY);
        }
    }

    private EmbeddedChannel onEventLoop;
    private EmbeddedChannel browserOnEventLoop;
    private EmbeddedChannel onWorker;
    private EmbeddedChannel netty;

    @Setup
    public void setUp() {
        Application hello = new Hello();
        RequestQueue queue = new RequestQueue();
        HttpServerContext server = HttpContexts.forWorkers(Config.defaults(), queue, true, false, new RequestStats());
        queue.eventLoopCalls().offer(hello, false);
        onEventLoop = gateway(server);
        browserOnEventLoop = gateway(server);
        onWorker = gateway(new HttpServerContext(hello, Runnable::run, server.site(), server.limits(), server.rules(),
                server.timeouts(), server.observer(), server.health(), null, 0, Http2Options.OFF));
        netty = new EmbeddedChannel(new HttpServerCodec(), new BaselineHandler());
        check(onEventLoop);
        check(browserOnEventLoop, BROWSER_REQUEST);
        check(onWorker);
        check(netty);
    }

    @TearDown
    public void tearDown() {
        onEventLoop.finishAndReleaseAll();
        browserOnEventLoop.finishAndReleaseAll();
        onWorker.finishAndReleaseAll();
        netty.finishAndReleaseAll();
    }

    @Benchmark
    public int gatewayOnEventLoop() {
        return exchange(onEventLoop);
    }

    /** A browser's request (ten fields) instead of wrk's (one), on a connection of its own. */
    @Benchmark
    public int gatewayBrowserOnEventLoop() {
        return exchange(browserOnEventLoop, BROWSER_REQUEST);
    }

    @Benchmark
    public int gatewayOnWorker() {
        return exchange(onWorker);
    }

    @Benchmark
    public int nettyBaseline() {
        return exchange(netty);
    }

    /** As the server's listener sets each accepted channel up (GatewayHandlerTest does the same). */
    private static EmbeddedChannel gateway(HttpServerContext context) {
        EmbeddedChannel channel = new EmbeddedChannel(false, false);
        channel.config().setAutoRead(false);
        channel.pipeline().addLast(new HttpServerInitializer(context));
        try {
            channel.register();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return channel;
    }

    /**
     * One request in; the response's bytes out and released; returns their count. The request comes
     * in a direct buffer of the channel's allocator, as a socket read delivers it: on JDK 24 and later
     * Netty reads such a buffer byte by byte through ByteBuffer's checks, which a heap buffer avoids.
     */
    private static int exchange(EmbeddedChannel channel) {
        return exchange(channel, REQUEST);
    }

    private static int exchange(EmbeddedChannel channel, byte[] request) {
        channel.writeInbound(channel.alloc().directBuffer(request.length).writeBytes(request));
        channel.runPendingTasks();
        int bytes = 0;
        for (Object out; (out = channel.readOutbound()) != null; ) {
            bytes += ((ByteBuf) out).readableBytes();
            ReferenceCountUtil.release(out);
        }
        return bytes;
    }

    private static void check(EmbeddedChannel channel) {
        check(channel, REQUEST);
    }

    private static void check(EmbeddedChannel channel, byte[] request) {
        int bytes = exchange(channel, request);
        if (bytes < 100 || !channel.isOpen()) {
            throw new IllegalStateException("no hello response: " + bytes + " bytes");
        }
    }

    /** The floor: bench/baseline's handler, reduced to the hello answer. */
    private static final class BaselineHandler extends SimpleChannelInboundHandler<HttpObject> {
        private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain");
        private static final AsciiString SERVER_NAME = AsciiString.cached("gateway");
        private static final AsciiString DATE = AsciiString.cached("Sun, 06 Dec 2026 22:00:00 GMT");

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpRequest request) {
                FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK,
                        Unpooled.wrappedBuffer(BODY));
                response.headers().set("Content-Type", TEXT_PLAIN).setInt("Content-Length", BODY.length)
                        .set("Date", DATE).set("Server", SERVER_NAME);
                ctx.write(response);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }
}
