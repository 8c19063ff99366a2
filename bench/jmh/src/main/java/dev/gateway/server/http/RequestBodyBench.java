package dev.gateway.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
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
 * The request-body stream's life for a body-less request, as {@code GatewayHandler} runs it on the
 * event loop: created with the exchange, given the empty end of the body, discarded when the response
 * is done. Same package as the gateway's {@link RequestBodyStream} on purpose (it is package-private).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// Netty's leak detector off, as bin/gateway runs the server (NettyDefaults): its sampled stack traces
// are not part of the request path.
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
public class RequestBodyBench {

    private EmbeddedChannel channel;

    @Setup
    public void setUp() {
        channel = new EmbeddedChannel();
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    /** GatewayHandler.onRequestHead(), onContent() of the empty last content, finishExchange(). */
    @Benchmark
    public boolean bodylessRequest() {
        RequestBodyStream body = new RequestBodyStream(channel, null);
        body.offer(Unpooled.EMPTY_BUFFER);
        body.finish();
        boolean finished = body.isFinished();
        body.discard();
        return finished;
    }
}
