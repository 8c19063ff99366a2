package dev.gateway.server.http;

import dev.gateway.spi.Body;
import dev.gateway.spi.Header;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
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
 * The response side of one hello request, through the gateway's real {@link ResponseWriter}: the
 * application's {@code start("200 OK", headers)} (with {@code ResponseRules} checks), the head built
 * by {@code ResponseWriter.head()}, and the writes of {@code sendSingle()}.
 *
 * <p>This class sits in the package {@code dev.gateway.server.http} on purpose: {@code ResponseWriter}
 * and {@code WritabilityGate} are package-private, and a class of the same package on the class path
 * may call them without the server exposing anything. If they move or become a named module, mirror
 * {@code ResponseWriter.head()} here instead.
 *
 * <ul>
 *   <li>{@link #writeHello()}: status, headers and head objects, into a channel with no encoder;</li>
 *   <li>{@link #encodeHello()}: the same through Netty's {@link HttpResponseEncoder}, to bytes;</li>
 *   <li>{@link #encodeNettyBaseline()}: the raw-Netty baseline's response (bench/baseline) through the
 *       same encoder: what the gateway's response costs above it.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// Netty's leak detector off, as bin/gateway runs the server (NettyDefaults): its sampled stack traces
// are not part of the request path.
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
public class ResponseWriterBench {

    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    /** What dev.gateway.testapps.Hello passes to start(). */
    private static final List<Header> HEADERS = List.of(
            Header.of("Content-Type", "text/plain"),
            Header.of("Content-Length", Integer.toString(BODY.length)));
    private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain");
    private static final AsciiString SERVER_NAME = AsciiString.cached("gateway");

    private EmbeddedChannel objects;
    private WritabilityGate objectsGate;
    private EmbeddedChannel encoded;
    private WritabilityGate encodedGate;

    @Setup
    public void setUp() {
        objects = new EmbeddedChannel();
        objectsGate = new WritabilityGate(objects);
        // Named as in the server's pipeline: the writer's bytes go below the encoder, as they do there.
        encoded = new EmbeddedChannel();
        encoded.pipeline().addLast(HttpServerInitializer.ENCODER, new HttpResponseEncoder());
        encodedGate = new WritabilityGate(encoded);
    }

    @TearDown
    public void tearDown() {
        objects.finishAndReleaseAll();
        encoded.finishAndReleaseAll();
    }

    /** One hello response as the worker thread makes it, to bytes, into a channel without encoder. */
    @Benchmark
    public int writeHello() throws IOException {
        respond(objects, objectsGate);
        return drain(objects);
    }

    /** One hello response as the worker thread makes it, in a pipeline with Netty's encoder, as in the server. */
    @Benchmark
    public int encodeHello() throws IOException {
        respond(encoded, encodedGate);
        return drain(encoded);
    }

    /** The raw-Netty baseline's response (bench/baseline NettyHello), encoded to bytes. */
    @Benchmark
    public int encodeNettyBaseline() {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(BODY));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length)
                .set(HttpHeaderNames.DATE, DateHeader.now())
                .set(HttpHeaderNames.SERVER, SERVER_NAME);
        encoded.writeAndFlush(response);
        return drain(encoded);
    }

    /** What Exchange.run() does for Hello once the environ exists: the app's start(), then sendBody(). */
    private static void respond(EmbeddedChannel channel, WritabilityGate gate) throws IOException {
        ResponseWriter out = new ResponseWriter(channel, gate, HttpVersion.HTTP_1_1, false, true);
        out.state().start("200 OK", HEADERS);
        out.sendBody(Body.of(BODY));
    }

    /** Takes what reached the wire end of the channel, releases it, and returns its size in bytes. */
    private static int drain(EmbeddedChannel channel) {
        int bytes = 0;
        for (Object message; (message = channel.readOutbound()) != null; ) {
            if (message instanceof ByteBuf buf) {
                bytes += buf.readableBytes();
            } else {
                bytes++;
            }
            ReferenceCountUtil.release(message);
        }
        return bytes;
    }
}
